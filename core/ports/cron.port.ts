import type { Millis } from "../domain/model.ts";

/**
 * The verdict on a cron expression and zone: usable (with notes that do not block it, such as day fields that
 * combine with OR) or refused with one human-readable issue that names the expression or the zone.
 */
export type CronCheck =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly issue: string };

/**
 * Evaluates standard 5-field cron expressions (minute hour day-of-month month day-of-week) in an IANA time zone.
 *
 * Contract every adapter keeps:
 * - When day-of-month and day-of-week are both restricted (neither is a bare `*`), a day matching either
 *   fires (POSIX OR), and `check` says so in a warning.
 * - Each matching wall-clock time fires once, at the first instant the zone's clock reads that time or later:
 *   a time skipped by a daylight-saving jump fires right after the gap (several skipped times fire once), and
 *   a time that occurs twice fires at its first occurrence only.
 * - Nothing the adapter does not implement exactly is reinterpreted: it is refused by `check`.
 */
export interface CronEvaluator {
  /**
   * Whether the expression and zone are valid and the schedule can fire at all. Returns quickly for any input
   * (a schedule that never fires, such as `0 0 30 2 *`, is found without searching time).
   */
  check(expression: string, timezone: string): CronCheck;
  /**
   * The first firing strictly after `after`, or null when there is none (as for a schedule that never fires).
   * An expression or zone that `check` calls invalid is a bug here and throws.
   */
  nextAfter(expression: string, timezone: string, after: Millis): Millis | null;
}
