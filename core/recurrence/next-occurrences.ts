import type { Millis, Recurrence } from "../domain/model.ts";
import type { CronEvaluator } from "../ports/cron.port.ts";

export interface OccurrenceState {
  readonly now: Millis;
  /** Occurrences created so far (the next index). */
  readonly materialised: number;
  readonly lastScheduledAt: Millis | null;
  /** Future occurrences that already exist and still wait to run. */
  readonly futureAlready: number;
  readonly horizonMs: number;
  readonly horizonOccurrences: number;
}

export interface NextOccurrences {
  readonly occurrences: readonly { index: number; scheduled_at: Millis }[];
  /** Every occurrence up to this time now exists. */
  readonly coveredUntil: Millis;
  /** True when the schedule has no occurrence left (ends_at or max_occurrences reached, or it never fires again). */
  readonly done: boolean;
}

/**
 * The occurrences to create next, continuing from what exists. Pure and deterministic: the same state gives
 * the same indices and times. Occurrences before `now` are not created (a schedule launched late starts at
 * its next firing); at most `horizonMs` ahead of now and `horizonOccurrences` waiting at once.
 */
export function nextOccurrences(cron: CronEvaluator, r: Recurrence, s: OccurrenceState): NextOccurrences {
  const horizonEnd = s.now + s.horizonMs;
  const out: { index: number; scheduled_at: Millis }[] = [];
  let after = s.lastScheduledAt ?? Math.max(r.starts_at ?? s.now, s.now) - 1;
  if (after < s.now - 1) after = s.now - 1;
  let index = s.materialised;
  const room = Math.max(0, s.horizonOccurrences - s.futureAlready);
  for (;;) {
    if (r.max_occurrences !== null && index >= r.max_occurrences) return { occurrences: out, coveredUntil: after, done: true };
    if (out.length >= room) return { occurrences: out, coveredUntil: after, done: false };
    const next = cron.nextAfter(r.cron, r.timezone, after);
    if (next === null || (r.ends_at !== null && next > r.ends_at)) return { occurrences: out, coveredUntil: after, done: true };
    if (next > horizonEnd) return { occurrences: out, coveredUntil: horizonEnd, done: false };
    out.push({ index, scheduled_at: next });
    index++;
    after = next;
  }
}
