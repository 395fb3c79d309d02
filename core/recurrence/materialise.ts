import type { Millis, Recurrence } from "../domain/model.ts";
import type { CronEvaluator } from "../ports/cron.port.ts";

/** How far ahead one call materialises: whichever limit is reached first. */
export interface Horizon {
  /** Occurrences later than `now + horizonMs` wait for a later call. */
  readonly horizonMs: number;
  /** At most this many occurrences per call. */
  readonly maxOccurrences: number;
}

/** 90 days or 500 occurrences, as the spec says. */
export const DEFAULT_HORIZON: Horizon = { horizonMs: 90 * 86_400_000, maxOccurrences: 500 };

export interface MaterialiseInput {
  readonly recurrence: Recurrence;
  /** Occurrences the template already has (its `occurrences_materialised`); new indices continue from it. */
  readonly materialised: number;
  /**
   * `scheduled_at` of the last occurrence already created, or null when none has been. Passing the
   * `materialised_until` a previous call returned instead gives the same result.
   */
  readonly lastScheduledAt: Millis | null;
  readonly cron: CronEvaluator;
  readonly now: Millis;
  readonly horizon?: Partial<Horizon>;
}

/** One child run to create: the template's `recurrence_index` and the run's `scheduled_at`. */
export interface Occurrence {
  readonly index: number;
  readonly scheduled_at: Millis;
}

export interface Materialisation {
  /** In index order, strictly increasing in time. */
  readonly occurrences: readonly Occurrence[];
  /** True when the schedule has no occurrence left to create (ends_at, max_occurrences, or no firing). */
  readonly done: boolean;
  /**
   * Every firing up to this instant now exists (or was never to be created): store it as the template's
   * `materialised_until` and extend again once `now + horizonMs` passes it. Null while nothing is covered.
   */
  readonly materialised_until: Millis | null;
}

/**
 * Pure: the next occurrences of a recurring template to create as child runs.
 *
 * The first occurrence is the first firing at or after `starts_at`, and never before `now`: a schedule that
 * starts in the past does not create occurrences that are already over. Later calls continue strictly after
 * `lastScheduledAt` whatever `now` is, so workers that extend the same template at once, with clocks a little
 * apart, compute the same index for the same time (the store's unique (parent, index) keeps one copy), and
 * after a long outage the missed occurrences are still created and dealt with by the pickup window.
 *
 * Occurrences are never after `ends_at` (inclusive bound), never more than `max_occurrences` in total,
 * never later than `now + horizonMs` and never more than `horizon.maxOccurrences` per call.
 * Invalid cron or zone is a bug (the template was validated when created): the evaluator throws.
 */
export function materialise(input: MaterialiseInput): Materialisation {
  const { recurrence, materialised, lastScheduledAt, cron, now } = input;
  const horizon = { ...DEFAULT_HORIZON, ...input.horizon };
  if (!(horizon.horizonMs >= 0) || !(horizon.maxOccurrences >= 1)) {
    throw new RangeError(`materialise: invalid horizon ${JSON.stringify(horizon)}`);
  }
  const horizonEnd = now + horizon.horizonMs;
  const total = recurrence.max_occurrences ?? Number.POSITIVE_INFINITY;
  const startsAt = recurrence.starts_at ?? Number.NEGATIVE_INFINITY;
  const from = lastScheduledAt === null ? Math.max(startsAt, now) : Math.max(startsAt, lastScheduledAt + 1);

  const occurrences: Occurrence[] = [];
  const next = (after: Millis) => cron.nextAfter(recurrence.cron, recurrence.timezone, after);
  // Times are whole milliseconds, so "strictly after from - 1" is "at or after from".
  let candidate = materialised >= total ? null : next(from - 1);
  let done: boolean;
  for (;;) {
    if (materialised + occurrences.length >= total) {
      done = true;
      break;
    }
    if (candidate === null || (recurrence.ends_at !== null && candidate > recurrence.ends_at)) {
      done = true;
      break;
    }
    if (candidate > horizonEnd || occurrences.length >= horizon.maxOccurrences) {
      done = false;
      break;
    }
    occurrences.push({ index: materialised + occurrences.length, scheduled_at: candidate });
    candidate = next(candidate);
  }

  const last = occurrences.at(-1)?.scheduled_at ?? lastScheduledAt;
  // Stopped by time: nothing fires between the last occurrence and the horizon's end, so all of it is covered.
  const stoppedByTime = !done && occurrences.length < horizon.maxOccurrences;
  const until = stoppedByTime ? Math.max(horizonEnd, last ?? horizonEnd) : last;
  return { occurrences, done, materialised_until: until };
}
