import { describe, expect, it } from "vitest";
import type { Message } from "../../core/domain/model.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import type { StoreFixture } from "./contract-support.ts";
import { freshId, T0 } from "./fixtures.ts";
import { result, rowsOf, seedRun } from "./message-store-helpers.ts";

const bySeq = (rows: readonly Message[]) => [...rows].sort((a, b) => a.seq - b.seq);
const statusesOf = async (store: MessageStore, runId: string) => (await rowsOf(store, runId)).map((m) => m.status);

/** The fenced batch cycle: takeBatch, recordResults, releaseQueued. */
export function describeBatches(fixture: () => StoreFixture<MessageStore>): void {
  describe("takeBatch", () => {
    it("takes PENDING rows in seq order up to limit, each now QUEUED under the fence", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 10);
      const batch = bySeq(await store.takeBatch(runId, 3, 4, T0));
      expect(batch.map((m) => [m.seq, m.status, m.fence])).toEqual([0, 1, 2, 3].map((seq) => [seq, "QUEUED", 3]));
      expect(bySeq((await rowsOf(store, runId)).filter((m) => m.status === "QUEUED"))).toEqual(batch);
      expect((await store.takeBatch(runId, 3, 4, T0)).length).toBe(4);
    });

    it("takes rows an earlier holder left QUEUED before any PENDING row, under the new fence", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 8);
      await store.takeBatch(runId, 1, 5, T0);
      await store.releaseQueued(runId, 1, [0, 1], T0);
      const batch = bySeq(await store.takeBatch(runId, 2, 4, T0 + 1));
      expect(batch.map((m) => [m.seq, m.fence])).toEqual([[2, 2], [3, 2], [4, 2], [0, 2]].sort((a, b) => a[0]! - b[0]!));
      expect(await store.recordResults(runId, 1, [result(2, "SENT", freshId("prov"))], T0 + 2)).toBe(0);
    });

    it("never takes rows queued under a higher fence: a stale holder cannot take back its successor's rows", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 4);
      await store.takeBatch(runId, 5, 2, T0);
      const stale = await store.takeBatch(runId, 4, 10, T0 + 1);
      expect(stale.map((m) => m.seq).sort()).toEqual([2, 3]);
      const rows = bySeq(await rowsOf(store, runId));
      expect(rows.map((m) => m.fence)).toEqual([5, 5, 4, 4]);
      expect(await store.recordResults(runId, 5, [result(0, "SENT", freshId("prov"))], T0 + 2)).toBe(1);
    });

    it("leaves sent, failed and skipped rows alone, and is empty once nothing is left", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 4, (seq) => (seq === 1 ? { status: "SKIPPED", body: null } : {}));
      const batch = await store.takeBatch(runId, 1, 10, T0);
      expect(batch.map((m) => m.seq).sort()).toEqual([0, 2, 3]);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov")), result(2, "FAILED"), result(3, "SKIPPED")], T0);
      expect(await store.takeBatch(runId, 2, 10, T0)).toEqual([]);
      expect(await store.takeBatch(freshId("run"), 1, 10, T0)).toEqual([]);
    });
  });

  describe("recordResults", () => {
    it("records outcomes of rows QUEUED under the fence and counts only the rows it changed", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 6);
      await store.takeBatch(runId, 1, 4, T0);
      const provider = freshId("prov");
      const changed = await store.recordResults(runId, 1, [
        result(0, "SENT", provider),
        result(1, "FAILED"),
        result(2, "SKIPPED"),
        result(5, "SENT", freshId("prov")), // still PENDING: never handed over under this fence
      ], T0 + 1);
      expect(changed).toBe(3);
      const rows = await rowsOf(store, runId);
      expect(rows.map((m) => m.status)).toEqual(["SENT", "FAILED", "SKIPPED", "QUEUED", "PENDING", "PENDING"]);
      expect(rows[0]).toMatchObject({ provider_message_id: provider, error: null });
      expect(rows[1]).toMatchObject({ provider_message_id: null, error: "rejected by provider" });
    });

    it("recording the same results again changes nothing", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 2);
      await store.takeBatch(runId, 1, 2, T0);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov")), result(1, "FAILED")], T0);
      const before = await rowsOf(store, runId);
      expect(await store.recordResults(runId, 1, [result(0, "FAILED"), result(1, "SENT", freshId("prov"))], T0 + 1)).toBe(0);
      expect(await store.recordResults(runId, 1, [], T0 + 1)).toBe(0);
      expect(await rowsOf(store, runId)).toEqual(before);
    });

    it("results under a stale fence change nothing once another holder took the rows", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 3);
      await store.takeBatch(runId, 1, 3, T0);
      await store.takeBatch(runId, 2, 3, T0 + 1);
      const results = [0, 1, 2].map((seq) => result(seq, "SENT", freshId("prov")));
      expect(await store.recordResults(runId, 1, results, T0 + 2)).toBe(0);
      expect(await statusesOf(store, runId)).toEqual(["QUEUED", "QUEUED", "QUEUED"]);
      expect(await store.recordResults(runId, 2, results, T0 + 2)).toBe(3);
    });
  });

  describe("releaseQueued", () => {
    it("puts back to PENDING only the given rows QUEUED under the fence", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 6);
      await store.takeBatch(runId, 1, 5, T0);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov"))], T0);
      await store.releaseQueued(runId, 1, [0, 2, 3, 5], T0 + 1);
      await store.releaseQueued(runId, 0, [4], T0 + 1);
      await store.releaseQueued(runId, 1, [], T0 + 1);
      expect(await statusesOf(store, runId)).toEqual(["SENT", "QUEUED", "PENDING", "PENDING", "QUEUED", "PENDING"]);
      const next = bySeq(await store.takeBatch(runId, 2, 3, T0 + 2));
      expect(next.map((m) => m.seq)).toEqual([1, 2, 4]);
    });
  });
}
