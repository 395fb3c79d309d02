import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { reconnectDelay } from "../../../adapters/redis-flags/reconnect-backoff.ts";

const retries = fc.nat({ max: 10_000 });
const cap = fc.integer({ min: 50, max: 60_000 });
const jitter = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("reconnectDelay", () => {
  test.prop([retries, cap, jitter])("is a finite delay, never above the cap plus 10% jitter", (r, max, j) => {
    const delay = reconnectDelay(r, max, j);
    expect(Number.isFinite(delay)).toBe(true);
    expect(delay).toBeGreaterThanOrEqual(Math.min(50, max));
    expect(delay).toBeLessThanOrEqual(Math.round(max * 1.1));
  });

  test.prop([retries, cap, jitter])("never shrinks from one attempt to the next (same jitter)", (r, max, j) => {
    expect(reconnectDelay(r + 1, max, j)).toBeGreaterThanOrEqual(reconnectDelay(r, max, j));
  });

  test.prop([fc.integer({ min: 6, max: 10_000 })])("reaches the 2 s default cap by the sixth attempt and stays there", (r) => {
    expect(reconnectDelay(r, 2000, 0)).toBe(2000);
  });

  test.prop([fc.nat({ max: 15 })])("starts at 50 ms and doubles per attempt below the cap", (r) => {
    const uncapped = Number.MAX_SAFE_INTEGER;
    expect(reconnectDelay(0, uncapped, 0)).toBe(50);
    expect(reconnectDelay(r + 1, uncapped, 0)).toBe(2 * reconnectDelay(r, uncapped, 0));
  });
});
