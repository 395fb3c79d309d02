import { describe, expect, test } from "vitest";
import { type Run, selectLaunchRun } from "../../../core/index.ts";
import { runFixture } from "./core-test-kit.ts";

const T = Date.parse("2026-05-12T12:00:00.000Z");

describe("launch selection", () => {
  test("launch picks the earliest ready run by scheduled_at", () => {
    // given three ready runs created in an order unrelated to their times
    const runs = [
      runFixture({ run_id: "run_a", scheduled_at: T + 3_000, created_at: 1 }),
      runFixture({ run_id: "run_b", scheduled_at: T + 1_000, created_at: 2 }),
      runFixture({ run_id: "run_c", scheduled_at: T + 2_000, created_at: 3 }),
    ];
    // then the earliest time wins
    expect(selectLaunchRun(runs)?.run_id).toBe("run_b");
  });

  test("launch picks the earliest ready run, nulls last (null and undefined alike)", () => {
    // given a run with scheduled_at null and one whose scheduled_at is undefined (a store that drops nulls),
    // created before two dated runs
    const undatedNull = runFixture({ run_id: "run_null", scheduled_at: null, created_at: 1 });
    const undatedUndefined = runFixture({ run_id: "run_undef", created_at: 2 });
    (undatedUndefined as { scheduled_at?: number | null }).scheduled_at = undefined;
    const late = runFixture({ run_id: "run_late", scheduled_at: T + 60_000, created_at: 3 });
    const early = runFixture({ run_id: "run_early", scheduled_at: T, created_at: 4 });
    const runs: Run[] = [undatedUndefined, undatedNull, late, early];
    // then the dated runs come first, earliest first
    expect(selectLaunchRun(runs)?.run_id).toBe("run_early");
    expect(selectLaunchRun([undatedUndefined, undatedNull, late])?.run_id).toBe("run_late");
    expect(selectLaunchRun([late, undatedNull, undatedUndefined])?.run_id).toBe("run_late");
    // and among undated runs, null and undefined are equal: creation order decides
    expect(selectLaunchRun([undatedUndefined, undatedNull])?.run_id).toBe("run_null");
    expect(selectLaunchRun([undatedNull, undatedUndefined])?.run_id).toBe("run_null");
  });

  test("an undefined scheduled_at alone is still selected when it is the only ready run", () => {
    const only = runFixture({ run_id: "run_only", created_at: 1 });
    (only as { scheduled_at?: number | null }).scheduled_at = undefined;
    expect(selectLaunchRun([only])?.run_id).toBe("run_only");
  });

  test("ties on scheduled_at go to the run created first", () => {
    const runs = [
      runFixture({ run_id: "run_3", scheduled_at: T, created_at: 30 }),
      runFixture({ run_id: "run_1", scheduled_at: T, created_at: 10 }),
      runFixture({ run_id: "run_2", scheduled_at: T, created_at: 20 }),
    ];
    expect(selectLaunchRun(runs)?.run_id).toBe("run_1");
  });

  test("ties on scheduled_at and created_at go to the smaller (earlier ULID) run id", () => {
    const runs = [
      runFixture({ run_id: "run_01B", scheduled_at: T, created_at: 10 }),
      runFixture({ run_id: "run_01A", scheduled_at: T, created_at: 10 }),
    ];
    expect(selectLaunchRun(runs)?.run_id).toBe("run_01A");
  });

  test("runs that are not ready are ignored, even when earlier", () => {
    const notReady = (["scheduled", "claimed", "running", "paused", "completed", "failed", "cancelled", "retired"] as const)
      .map((status, i) => runFixture({ run_id: `run_${status}`, status, scheduled_at: T - 1_000 * (i + 1), created_at: i }));
    const ready = runFixture({ run_id: "run_ready", scheduled_at: T + 86_400_000, created_at: 99 });
    expect(selectLaunchRun([...notReady, ready])?.run_id).toBe("run_ready");
    expect(selectLaunchRun(notReady)).toBeNull();
    expect(selectLaunchRun([])).toBeNull();
  });

  test("selection does not reorder the caller's list", () => {
    const runs = [
      runFixture({ run_id: "run_b", scheduled_at: T + 1, created_at: 2 }),
      runFixture({ run_id: "run_a", scheduled_at: T, created_at: 1 }),
    ];
    selectLaunchRun(runs);
    expect(runs.map((r) => r.run_id)).toEqual(["run_b", "run_a"]);
  });
});
