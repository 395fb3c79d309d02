import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { CronerCronEvaluator } from "../../../adapters/croner/croner-cron-evaluator.ts";
import { materialise } from "../../../core/recurrence/materialise.ts";
import { bruteForce, type GeneratedCron, generatedCron, matchesWall, transitions, wallClock } from "./cron-oracle.ts";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Africa/Nairobi",
  "Asia/Kolkata",
  "America/Santiago",
  "Pacific/Chatham",
  "UTC",
] as const;

const anchorCache = new Map<string, number[]>();
/** The zone's 2025 clock changes, or mid-2025 for a zone without any. */
function anchorsOf(zone: string): number[] {
  let anchors = anchorCache.get(zone);
  if (anchors === undefined) {
    const found = transitions(zone, 2025);
    anchors = found.length > 0 ? found : [Date.UTC(2025, 5, 1)];
    anchorCache.set(zone, anchors);
  }
  return anchors;
}

/** A window of `days` days that starts up to `days - 0.5` days before one of the zone's clock changes. */
const windowed = (days: number) =>
  fc.record({
    cron: generatedCron,
    zone: fc.constantFrom(...ZONES),
    anchor: fc.nat(),
    leadMs: fc.integer({ min: 0, max: days * DAY - DAY / 2 }),
  }).map(({ cron, zone, anchor, leadMs }) => {
    const anchors = anchorsOf(zone);
    const start = anchors[anchor % anchors.length]! - leadMs;
    return { cron, zone, start, end: start + days * DAY };
  });

const evaluator = new CronerCronEvaluator();

function materialiseWindow(cron: GeneratedCron, zone: string, start: number, end: number, perCall = 1_000_000) {
  return materialise({
    recurrence: { cron: cron.expression, timezone: zone, starts_at: start, ends_at: end, max_occurrences: null },
    materialised: 0,
    lastScheduledAt: null,
    cron: evaluator,
    now: start,
    horizon: { horizonMs: end - start, maxOccurrences: perCall },
  });
}

/** The instant's wall minute matches, or the clock jumped onto it over a matching minute (the gap rule). */
function firesAt(cron: GeneratedCron, zone: string, instant: number): boolean {
  const wall = wallClock(zone, instant);
  const before = wallClock(zone, instant - MINUTE);
  for (let w = Math.max(before + MINUTE, wall - 180 * MINUTE); w <= wall; w += MINUTE) {
    if (matchesWall(cron, w)) return true;
  }
  return false;
}

describe("cron evaluation against brute force, around daylight-saving changes", () => {
  test.prop([windowed(2)], { numRuns: 150 })(
    "every occurrence matches in its zone, they strictly increase, and none is missing",
    ({ cron, zone, start, end }) => {
      const check = evaluator.check(cron.expression, zone);
      expect(check).toEqual({ ok: true, warnings: check.ok && cron.domRestricted && cron.dowRestricted ? [expect.any(String)] : [] });

      const { occurrences } = materialiseWindow(cron, zone, start, end);
      const times = occurrences.map((o) => o.scheduled_at);
      expect(occurrences.map((o) => o.index)).toEqual(times.map((_, i) => i));
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
      for (const t of times) expect(firesAt(cron, zone, t), `${new Date(t).toISOString()} in ${zone}`).toBe(true);
      expect(times.map((t) => new Date(t).toISOString())).toEqual(
        bruteForce(cron, zone, start, end).map((t) => new Date(t).toISOString()),
      );
    },
  );

  test.prop([windowed(2), fc.integer({ min: 1, max: 25 })], { numRuns: 30 })(
    "materialising in chunks gives the same occurrences as one call",
    ({ cron, zone, start, end }, perCall) => {
      const whole = materialiseWindow(cron, zone, start, end).occurrences;
      const chunks: typeof whole[number][] = [];
      let lastScheduledAt: number | null = null;
      for (let calls = 0; calls <= whole.length; calls++) {
        const part = materialise({
          recurrence: { cron: cron.expression, timezone: zone, starts_at: start, ends_at: end, max_occurrences: null },
          materialised: chunks.length,
          lastScheduledAt,
          cron: evaluator,
          now: start,
          horizon: { horizonMs: end - start, maxOccurrences: perCall },
        });
        chunks.push(...part.occurrences);
        lastScheduledAt = part.occurrences.at(-1)?.scheduled_at ?? lastScheduledAt;
        if (part.done) break;
      }
      expect(chunks).toEqual(whole);
    },
  );
});
