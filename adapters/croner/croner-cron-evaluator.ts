import { Cron, CronPattern } from "croner";
import type { Millis } from "../../core/domain/model.ts";
import type { CronCheck, CronEvaluator } from "../../core/ports/cron.port.ts";
import { screenCron } from "./cron-syntax.ts";
import { ZoneClock } from "./zone-clock.ts";

/** Days in each month of a leap year: the most a (month, day-of-month) pair can ever get. */
const LEAP_YEAR_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Cache sizes: a process sees few distinct schedules and zones; the cap only bounds a flood of bad input. */
const CACHE_LIMIT = 1000;
/**
 * Bound on wall-clock candidates tried by one `nextAfter`. Candidates already passed only occur while the
 * reference lies in the second pass of a repeated hour, at most one per minute of the repeat.
 */
const MAX_CANDIDATES = 5000;

type Compiled =
  | { readonly ok: true; readonly cron: Cron; readonly neverFires: boolean; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly issue: string };

/**
 * {@link CronEvaluator} on croner 11, for standard 5-field cron with POSIX day semantics.
 *
 * Croner matches the expression on the zone's wall clock (croner runs at UTC offset 0 over "wall
 * milliseconds", so it never sees a DST jump), and {@link ZoneClock} turns each matching wall time into the
 * first instant at which the zone's clock reads that time or later. Hence, for every schedule alike:
 * - a wall time the clock skips (spring forward) fires once, at the first instant after the gap; several
 *   skipped times (`*\/15`) collapse into that one firing;
 * - a wall time that occurs twice (fall back) fires once, at its first occurrence; a minute-level schedule
 *   therefore does not fire during the second pass of the repeated hour.
 * Croner's own DST rules (which differ between "fixed-time" and "interval" jobs) are deliberately not used.
 *
 * Extensions (`L`, `W`, `#`, `?`, `+`, nicknames, seconds and years fields) are refused by `check`.
 * When day-of-month and day-of-week are both restricted (neither is a bare `*`), a day matching either
 * fires, as POSIX says; `check` warns about it.
 */
export class CronerCronEvaluator implements CronEvaluator {
  readonly #compiled = new Map<string, Compiled>();
  readonly #zones = new Map<string, ZoneClock | null>();

  check(expression: string, timezone: string): CronCheck {
    const compiled = this.#compile(expression);
    if (!compiled.ok) return compiled;
    if (this.#zone(timezone) === null) return { ok: false, issue: `Unknown time zone '${timezone}'` };
    if (compiled.neverFires) return { ok: false, issue: `Cron '${expression}' never fires` };
    return { ok: true, warnings: compiled.warnings };
  }

  nextAfter(expression: string, timezone: string, after: Millis): Millis | null {
    const compiled = this.#compile(expression);
    if (!compiled.ok) throw new RangeError(compiled.issue);
    const zone = this.#zone(timezone);
    if (zone === null) throw new RangeError(`Unknown time zone '${timezone}'`);
    if (compiled.neverFires) return null;

    // A matching wall time at or before the clock's reading at `after` has already fired (its first instant
    // is at or before `after`), so candidates start strictly after that reading. In the second pass of a
    // repeated hour, candidates from the first pass are still passed: skip them.
    let cursor = zone.wallAt(after);
    for (let tried = 0; tried < MAX_CANDIDATES; tried++) {
      const wall = compiled.cron.nextRun(new Date(cursor));
      if (wall === null) return null;
      const instant = zone.firstInstantReaching(wall.getTime());
      if (instant > after) return instant;
      cursor = wall.getTime();
    }
    throw new Error(`CronerCronEvaluator: no firing of '${expression}' found after ${MAX_CANDIDATES} candidates`);
  }

  #compile(expression: string): Compiled {
    let compiled = this.#compiled.get(expression);
    if (compiled === undefined) {
      compiled = compile(expression);
      remember(this.#compiled, expression, compiled);
    }
    return compiled;
  }

  #zone(timezone: string): ZoneClock | null {
    let zone = this.#zones.get(timezone);
    if (zone === undefined) {
      zone = ZoneClock.open(timezone);
      remember(this.#zones, timezone, zone);
    }
    return zone;
  }
}

function compile(expression: string): Compiled {
  const screened = screenCron(expression);
  if (!screened.ok) return screened;
  const { fields, domRestricted, dowRestricted } = screened.syntax;
  const normalised = fields.join(" ");
  let cron: Cron;
  let pattern: CronPattern;
  try {
    // utcOffset 0: croner works on wall milliseconds, whatever the process's own time zone is.
    cron = new Cron(normalised, { paused: true, mode: "5-part", utcOffset: 0, domAndDow: false });
    pattern = new CronPattern(normalised, undefined, { mode: "5-part" });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, "") : String(error);
    return { ok: false, issue: `Invalid cron '${expression}': ${reason}` };
  }
  const warnings = domRestricted && dowRestricted
    ? [`Cron '${expression}' fires when either day-of-month or day-of-week matches (POSIX OR)`]
    : [];
  return { ok: true, cron, neverFires: !dowRestricted && !anyDayExists(pattern), warnings };
}

/**
 * Whether some allowed month has some allowed day-of-month. Only this can make a 5-field cron never fire:
 * minutes, hours and months are never empty, and a restricted day-of-week matches within any week. Leap
 * years are counted, so `0 0 29 2 *` fires.
 */
function anyDayExists(pattern: CronPattern): boolean {
  return LEAP_YEAR_MONTH_DAYS.some((days, month) =>
    pattern.month[month] !== 0 && pattern.day.slice(0, days).some((allowed) => allowed !== 0)
  );
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
