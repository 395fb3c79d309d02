import { describe, expect, it } from "vitest";
import type { Run } from "../../core/domain/model.ts";
import type { RunStore } from "../../core/ports/run-store.port.ts";
import type { StoreFixture } from "./contract-support.ts";
import { aRecurrence, aRun, HOUR, MINUTE, T0 } from "./fixtures.ts";
import { aScheduledRun } from "./run-store-claim.contract.ts";

const RECURRENCE = aRecurrence();

const idsOf = (runs: readonly Run[]) => runs.map((r) => r.run_id).sort();

async function insertAll(store: RunStore, runs: readonly Run[]): Promise<void> {
  for (const run of runs) await store.insert(run);
}

/** The worker's maintenance queries: overdue runs, refunds to retry, schedules to extend. Order is not part of them. */
export function describeRunQueries(fixture: () => StoreFixture<RunStore>): void {
  describe("listOverdue", () => {
    it("lists scheduled runs whose scheduled_at is before windowStart, and nothing else", async () => {
      const { store } = fixture();
      const windowStart = T0 - 24 * HOUR;
      const overdue = [aScheduledRun(windowStart - HOUR), aScheduledRun(windowStart - 1)];
      await insertAll(store, [
        ...overdue,
        aScheduledRun(windowStart),
        aScheduledRun(T0),
        aScheduledRun(null),
        aRun({ status: "ready", scheduled_at: windowStart - HOUR }),
        aRun({ status: "failed", scheduled_at: windowStart - HOUR }),
        aRun({ status: "paused", scheduled_at: windowStart - HOUR }),
      ]);
      expect(idsOf(await store.listOverdue(windowStart, 100))).toEqual(idsOf(overdue));
    });

    it("lists at most limit runs", async () => {
      const { store } = fixture();
      const overdue = Array.from({ length: 5 }, (_, i) => aScheduledRun(T0 - (i + 1) * MINUTE));
      await insertAll(store, overdue);
      const listed = await store.listOverdue(T0, 3);
      expect(listed).toHaveLength(3);
      expect(listed.every((r) => idsOf(overdue).includes(r.run_id))).toBe(true);
    });
  });

  describe("listRefundsDue", () => {
    it("lists runs whose refund is due and that no live lease holds (no lease, or an expired one)", async () => {
      const { store } = fixture();
      const due = [
        aRun({ status: "failed", refund_state: "due", lease: null }),
        aRun({ status: "cancelled", refund_state: "due", lease: { owner: "gone", expires_at: T0 - 1 } }),
      ];
      await insertAll(store, [
        ...due,
        aRun({ status: "running", refund_state: "due", lease: { owner: "alive", expires_at: T0 + 1 } }),
        aRun({ status: "completed", refund_state: "none" }),
        aRun({ status: "completed", refund_state: "done" }),
      ]);
      expect(idsOf(await store.listRefundsDue(T0, 100))).toEqual(idsOf(due));
    });

    it("lists at most limit runs", async () => {
      const { store } = fixture();
      await insertAll(store, Array.from({ length: 4 }, () => aRun({ status: "failed", refund_state: "due" })));
      expect(await store.listRefundsDue(T0, 2)).toHaveLength(2);
    });
  });

  describe("listTemplatesToExtend", () => {
    it("lists retired templates materialised only up to before horizonEnd", async () => {
      const { store } = fixture();
      const horizonEnd = T0 + 90 * 24 * HOUR;
      const open = aRun({ status: "retired", recurrence: RECURRENCE, materialised_until: horizonEnd - HOUR });
      await insertAll(store, [
        open,
        aRun({ status: "retired", recurrence: RECURRENCE, materialised_until: horizonEnd + HOUR }),
        // Null: the schedule has ended, nothing left to materialise.
        aRun({ status: "retired", recurrence: RECURRENCE, materialised_until: null }),
        // A template never launched is not extended by the worker.
        aRun({ status: "ready", recurrence: RECURRENCE, materialised_until: horizonEnd - HOUR }),
        aScheduledRun(T0, { recurrence_index: 0, parent_run_id: open.run_id }),
      ]);
      expect(idsOf(await store.listTemplatesToExtend(horizonEnd, 100))).toEqual([open.run_id]);
    });

    it("lists at most limit templates", async () => {
      const { store } = fixture();
      await insertAll(store, Array.from({ length: 4 }, () => aRun({ status: "retired", recurrence: RECURRENCE, materialised_until: T0 })));
      expect(await store.listTemplatesToExtend(T0 + HOUR, 3)).toHaveLength(3);
    });
  });
}
