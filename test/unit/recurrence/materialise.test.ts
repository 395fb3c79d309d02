import { describe, expect, test } from "vitest";
import type { Recurrence } from "../../../core/domain/model.ts";
import type { CronCheck, CronEvaluator } from "../../../core/ports/cron.port.ts";
import { materialise, type MaterialiseInput } from "../../../core/recurrence/materialise.ts";
import { CronerCronEvaluator } from "../../../adapters/croner/croner-cron-evaluator.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-01-01T00:00:00Z");

/** A fake evaluator that fires on every whole hour, whatever the expression; it counts its calls. */
class HourlyEvaluator implements CronEvaluator {
  calls = 0;
  check(): CronCheck {
    return { ok: true, warnings: [] };
  }
  nextAfter(_expression: string, _timezone: string, after: number): number | null {
    this.calls++;
    return Math.floor(after / HOUR) * HOUR + HOUR;
  }
}

/** Fires at the given instants only. */
class ListEvaluator implements CronEvaluator {
  constructor(private readonly instants: readonly number[]) {}
  check(): CronCheck {
    return { ok: true, warnings: [] };
  }
  nextAfter(_expression: string, _timezone: string, after: number): number | null {
    return this.instants.find((instant) => instant > after) ?? null;
  }
}

const hourly: Recurrence = { cron: "0 * * * *", timezone: "UTC", starts_at: null, ends_at: null, max_occurrences: null };

type Given = Partial<Omit<MaterialiseInput, "recurrence">> & { recurrence?: Partial<Recurrence> };

function given(overrides: Given = {}): MaterialiseInput {
  return {
    materialised: 0,
    lastScheduledAt: null,
    cron: new HourlyEvaluator(),
    now: T0,
    ...overrides,
    recurrence: { ...hourly, ...overrides.recurrence },
  };
}

const times = (result: ReturnType<typeof materialise>) => result.occurrences.map((o) => o.scheduled_at);

describe("materialise", () => {
  test("the first occurrence is the first firing at or after starts_at, indices from 0", () => {
    const result = materialise(given({ recurrence: { starts_at: T0 + 2 * HOUR, max_occurrences: 3 } }));
    expect(result.occurrences).toEqual([
      { index: 0, scheduled_at: T0 + 2 * HOUR },
      { index: 1, scheduled_at: T0 + 3 * HOUR },
      { index: 2, scheduled_at: T0 + 4 * HOUR },
    ]);
    expect(result.done).toBe(true);
  });

  test("a firing exactly at now is created; a starts_at in the past creates nothing before now", () => {
    const result = materialise(given({ recurrence: { starts_at: T0 - 10 * DAY, max_occurrences: 2 } }));
    expect(times(result)).toEqual([T0, T0 + HOUR]);
  });

  test("without starts_at the schedule starts at now", () => {
    const result = materialise(given({ now: T0 + 1, recurrence: { max_occurrences: 1 } }));
    expect(times(result)).toEqual([T0 + HOUR]);
  });

  test("ends_at is an inclusive bound and exhausts the schedule", () => {
    const result = materialise(given({ recurrence: { ends_at: T0 + 3 * HOUR } }));
    expect(times(result)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
    expect(result.done).toBe(true);
  });

  test("starts_at after ends_at creates nothing and is done", () => {
    const result = materialise(given({ recurrence: { starts_at: T0 + DAY, ends_at: T0 + HOUR } }));
    expect(result).toEqual({ occurrences: [], done: true, materialised_until: null });
  });

  test("max_occurrences counts the occurrences already materialised", () => {
    const result = materialise(given({
      recurrence: { max_occurrences: 5 },
      materialised: 3,
      lastScheduledAt: T0 + 2 * HOUR,
    }));
    expect(result.occurrences).toEqual([{ index: 3, scheduled_at: T0 + 3 * HOUR }, {
      index: 4,
      scheduled_at: T0 + 4 * HOUR,
    }]);
    expect(result.done).toBe(true);
  });

  test("a template already at max_occurrences is done without asking the evaluator", () => {
    const cron = new HourlyEvaluator();
    const result = materialise(given({ cron, recurrence: { max_occurrences: 2 }, materialised: 2, lastScheduledAt: T0 }));
    expect(result).toEqual({ occurrences: [], done: true, materialised_until: T0 });
    expect(cron.calls).toBe(0);
  });

  test("the horizon by time stops at now + horizonMs (inclusive) and leaves the schedule open", () => {
    const result = materialise(given({ horizon: { horizonMs: 5 * HOUR } }));
    expect(times(result)).toEqual([0, 1, 2, 3, 4, 5].map((h) => T0 + h * HOUR));
    expect(result.done).toBe(false);
    expect(result.materialised_until).toBe(T0 + 5 * HOUR);
  });

  test("the default horizon is 90 days or 500 occurrences", () => {
    const daily = new ListEvaluator(Array.from({ length: 200 }, (_, i) => T0 + i * DAY));
    expect(materialise(given({ cron: daily })).occurrences).toHaveLength(91); // day 0 through day 90
    const byCount = materialise(given());
    expect(byCount.occurrences).toHaveLength(500);
    expect(byCount.materialised_until).toBe(T0 + 499 * HOUR);
  });

  test("the horizon by count caps one call and leaves the schedule open", () => {
    const result = materialise(given({ horizon: { maxOccurrences: 4 } }));
    expect(result.occurrences.map((o) => o.index)).toEqual([0, 1, 2, 3]);
    expect(result.done).toBe(false);
    expect(result.materialised_until).toBe(T0 + 3 * HOUR);
  });

  test("when the next firing after the horizon is past ends_at the schedule is done", () => {
    const result = materialise(given({ recurrence: { ends_at: T0 + 30 * HOUR }, horizon: { maxOccurrences: 31 } }));
    expect(result.occurrences).toHaveLength(31);
    expect(result.done).toBe(true);
  });

  test("a schedule whose evaluator finds no further firing is done", () => {
    const result = materialise(given({ cron: new ListEvaluator([T0 + HOUR, T0 + 2 * HOUR]) }));
    expect(times(result)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    expect(result.done).toBe(true);
  });

  test("continuing from a previous call gives the same sequence as one long call", () => {
    const recurrence = { ends_at: T0 + 40 * HOUR };
    const long = materialise(given({ recurrence, horizon: { maxOccurrences: 50 } }));
    const parts: number[][] = [];
    let materialised = 0;
    let lastScheduledAt: number | null = null;
    let done = false;
    while (!done) {
      const part = materialise(given({ recurrence, materialised, lastScheduledAt, horizon: { maxOccurrences: 7 } }));
      parts.push(part.occurrences.map((o) => o.index));
      materialised += part.occurrences.length;
      lastScheduledAt = part.occurrences.at(-1)?.scheduled_at ?? lastScheduledAt;
      done = part.done;
    }
    const chained = parts.flat();
    expect(chained).toEqual(long.occurrences.map((o) => o.index));
    expect(long.occurrences).toHaveLength(41);
    expect(parts.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 6]);
  });

  test("continuing from the returned materialised_until equals continuing from the last occurrence", () => {
    const first = materialise(given({ horizon: { horizonMs: 10 * HOUR + 30 * 60_000 } }));
    const later = { now: T0 + 5 * DAY, horizon: { horizonMs: 2 * HOUR }, materialised: first.occurrences.length };
    const fromLast = materialise(given({ ...later, lastScheduledAt: first.occurrences.at(-1)!.scheduled_at }));
    const fromUntil = materialise(given({ ...later, lastScheduledAt: first.materialised_until }));
    expect(fromUntil).toEqual(fromLast);
  });

  test("two workers extending at once with clocks apart compute identical children", () => {
    const state = { materialised: 10, lastScheduledAt: T0 + 9 * HOUR, horizon: { horizonMs: 30 * HOUR } };
    const a = materialise(given({ ...state, now: T0 + 10 * HOUR - 1 }));
    const b = materialise(given({ ...state, now: T0 + 10 * HOUR + 1 }));
    // The later clock sees one more hour of horizon; on what both computed they agree index for index.
    expect(b.occurrences.slice(0, a.occurrences.length)).toEqual(a.occurrences);
    expect(b.occurrences).toHaveLength(a.occurrences.length + 1);
    expect(a.occurrences[0]).toEqual({ index: 10, scheduled_at: T0 + 10 * HOUR });
  });

  test("after an outage a continuation still creates the missed occurrences, in order", () => {
    const result = materialise(given({ materialised: 1, lastScheduledAt: T0, now: T0 + 3 * HOUR, horizon: { horizonMs: 0 } }));
    expect(result.occurrences).toEqual([
      { index: 1, scheduled_at: T0 + HOUR },
      { index: 2, scheduled_at: T0 + 2 * HOUR },
      { index: 3, scheduled_at: T0 + 3 * HOUR },
    ]);
  });

  test("the same inputs give the same result", () => {
    const input = given({ recurrence: { starts_at: T0 + 90 * 60_000 }, horizon: { maxOccurrences: 20 } });
    expect(materialise(input)).toEqual(materialise(input));
  });

  test("occurrences across a DST change keep the wall-clock time in the template's zone", () => {
    const result = materialise({
      recurrence: { cron: "0 9 * * *", timezone: "Europe/London", starts_at: null, ends_at: null, max_occurrences: 3 },
      materialised: 0,
      lastScheduledAt: null,
      cron: new CronerCronEvaluator(),
      now: Date.parse("2026-03-28T00:00:00Z"),
    });
    expect(result.occurrences.map((o) => new Date(o.scheduled_at).toISOString())).toEqual([
      "2026-03-28T09:00:00.000Z",
      "2026-03-29T08:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
    ]);
  });

  test("an impossible horizon is a bug and throws", () => {
    expect(() => materialise(given({ horizon: { maxOccurrences: 0 } }))).toThrow(RangeError);
    expect(() => materialise(given({ horizon: { horizonMs: Number.NaN } }))).toThrow(RangeError);
  });
});
