import type { Millis } from "../domain/model.ts";

export type CronCheck =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly issue: string };

/** Evaluates 5-field cron expressions in an IANA time zone. */
export interface CronEvaluator {
  /** Whether the expression and zone are valid and the schedule can fire at all. */
  check(expression: string, timezone: string): CronCheck;
  /** The first firing strictly after `after`, or null when there is none. */
  nextAfter(expression: string, timezone: string, after: Millis): Millis | null;
}
