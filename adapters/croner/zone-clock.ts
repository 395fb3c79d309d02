/**
 * Wall-clock arithmetic in one IANA time zone, using only `Intl.DateTimeFormat`.
 *
 * A wall-clock time is written as "wall milliseconds": the epoch milliseconds the same calendar reading would
 * have in UTC. Wall time has no daylight-saving jumps, so a cron can be matched on it by any UTC-only
 * matcher, and the jumps are dealt with once, here, when a wall time is turned back into an instant.
 */

const DAY_MS = 86_400_000;

export class ZoneClock {
  readonly #format: Intl.DateTimeFormat;

  private constructor(format: Intl.DateTimeFormat) {
    this.#format = format;
  }

  /** The clock of `timezone`, or null when the runtime does not know the zone (or it is not a zone name). */
  static open(timezone: string): ZoneClock | null {
    // Some runtimes accept offsets such as "+05:00" as zones; they are not IANA names and have no DST rules.
    if (!/^[A-Za-z]/.test(timezone)) return null;
    try {
      return new ZoneClock(
        new Intl.DateTimeFormat("en-US", {
          timeZone: timezone,
          hourCycle: "h23",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        }),
      );
    } catch (error) {
      if (error instanceof RangeError) return null;
      throw error;
    }
  }

  /** UTC offset in force at `instant`, in milliseconds (whole seconds: zones have no finer offsets). */
  offsetAt(instant: number): number {
    const second = Math.floor(instant / 1000) * 1000;
    const part: Record<string, number> = {};
    for (const { type, value } of this.#format.formatToParts(second)) part[type] = Number(value);
    const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
    return wall - second;
  }

  /** The wall-clock reading at `instant`. */
  wallAt(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The first instant at which the wall clock reads `wall` or later. For a time that occurs twice (the clock
   * goes back) that is its first occurrence; for a time the clock skips (it jumps forward) that is the
   * instant of the jump, the first one after the gap.
   */
  firstInstantReaching(wall: number): number {
    // Transitions are months apart, so the offsets a day either side are all the offsets that can apply,
    // and when they agree no transition is near: the one instant is found without checking it.
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    if (before === after) return wall - before;
    const offsets = new Set([before, after]);
    for (const offset of [...offsets]) offsets.add(this.offsetAt(wall - offset));
    let exact = Number.POSITIVE_INFINITY;
    for (const offset of offsets) {
      const instant = wall - offset;
      if (this.offsetAt(instant) === offset) exact = Math.min(exact, instant);
    }
    if (exact !== Number.POSITIVE_INFINITY) return exact;
    return this.#endOfGap(wall, Math.min(...offsets), Math.max(...offsets));
  }

  /** `wall` lies in a gap between the offsets `before` and `after`: find the jump by bisection. */
  #endOfGap(wall: number, before: number, after: number): number {
    // Invariant: the clock reads less than `wall` at `low` and at least `wall` at `high`.
    let low = wall - after;
    let high = wall - before;
    if (this.wallAt(low) >= wall || this.wallAt(high) < wall) {
      throw new Error(`ZoneClock: no transition brackets wall time ${new Date(wall).toISOString()}`);
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.wallAt(middle) >= wall) high = middle;
      else low = middle;
    }
    return high;
  }
}
