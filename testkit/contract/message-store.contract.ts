import { describe, expect, it } from "vitest";
import { ZERO_COUNTS } from "../../core/domain/model.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { aRun, freshId, messagesOf, T0 } from "./fixtures.ts";
import { describeBatches } from "./message-store-batch.contract.ts";
import { describeDeliveryReports } from "./message-store-reports.contract.ts";
import { result, rowsOf, seedRun } from "./message-store-helpers.ts";

/** A `MessageStore` under test. */
export type MessageStoreFixture = StoreFixture<MessageStore>;

/**
 * The `MessageStore` contract: idempotent bulk inserts, fenced batches (take, record, release), counts, seq
 * cursors and delivery reports that never move a message backwards. For use under vitest only: call it at the
 * top level of a test file.
 */
export function messageStoreContract(
  name: string,
  factory: () => Promise<MessageStoreFixture>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`${name}: MessageStore contract`, () => {
    const fixture = useFixture(factory);

    it("lists back every field of inserted rows, in seq order", async () => {
      const { store } = fixture();
      const run = aRun();
      const rows = messagesOf(run, 3, (seq) =>
        seq === 1
          ? { status: "SKIPPED", body: null, error: "suppressed", name: "Zoë", attributes: { city: "Mwanza", "a.b": "ü" } }
          : { parts: seq + 2 });
      await store.insertMany([...rows].reverse());
      expect(await rowsOf(store, run.run_id)).toEqual(rows);
    });

    it("a second insertMany of rows already present leaves the first rows, even after they moved on", async () => {
      const { store } = fixture();
      const { runId, rows } = await seedRun(store, 5);
      await store.takeBatch(runId, 1, 1, T0);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov"))], T0);
      const before = await rowsOf(store, runId);
      await store.insertMany(rows);
      expect(await rowsOf(store, runId)).toEqual(before);
    });

    it("insertMany adds the rows new to a run and keeps the ones present", async () => {
      const { store } = fixture();
      const { runId, rows } = await seedRun(store, 5);
      const more = messagesOf({ run_id: runId, campaign_id: rows[0]!.campaign_id, workspace_id: rows[0]!.workspace_id }, 8, () => ({ body: "v2" }));
      await store.insertMany(more.slice(3));
      expect(await rowsOf(store, runId)).toEqual([...rows, ...more.slice(5)]);
    });

    it("concurrent insertMany calls of the same rows store each row once", async () => {
      const { store } = fixture();
      const run = aRun();
      const rows = messagesOf(run, 50);
      await Promise.all([store.insertMany(rows), store.insertMany(rows), store.insertMany(rows.slice(10))]);
      expect(await store.counts(run.run_id)).toEqual({ ...ZERO_COUNTS, PENDING: 50 });
    });

    it("takes a large recipient list in one call; an empty one is a no-op", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 3_000);
      await store.insertMany([]);
      expect(await store.counts(runId)).toEqual({ ...ZERO_COUNTS, PENDING: 3_000 });
    });

    it("deleteRun removes every row of that run only", async () => {
      const { store } = fixture();
      const doomed = await seedRun(store, 4);
      const kept = await seedRun(store, 2);
      await store.deleteRun(doomed.runId);
      await store.deleteRun(freshId("run"));
      expect(await store.counts(doomed.runId)).toEqual(ZERO_COUNTS);
      expect(await rowsOf(store, doomed.runId)).toEqual([]);
      expect(await rowsOf(store, kept.runId)).toEqual(kept.rows);
      await store.insertMany(doomed.rows.slice(0, 1));
      expect(await rowsOf(store, doomed.runId)).toEqual(doomed.rows.slice(0, 1));
    });

    it("counts rows per status, and all zeros for an unknown run", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 6, (seq) => (seq === 5 ? { status: "SKIPPED", body: null } : {}));
      await store.takeBatch(runId, 1, 4, T0);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov")), result(1, "FAILED")], T0);
      expect(await store.counts(runId)).toEqual({ ...ZERO_COUNTS, SENT: 1, FAILED: 1, QUEUED: 2, PENDING: 1, SKIPPED: 1 });
      expect(await store.counts(freshId("run"))).toEqual(ZERO_COUNTS);
    });

    it("sums parts over the given statuses", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 4, (seq) => ({ parts: seq + 1 }));
      await store.takeBatch(runId, 1, 3, T0);
      await store.recordResults(runId, 1, [result(0, "SENT", freshId("prov")), result(2, "SENT", freshId("prov"))], T0);
      expect(await store.sumParts(runId, ["SENT", "DELIVERED"])).toBe(4);
      expect(await store.sumParts(runId, ["QUEUED", "PENDING"])).toBe(6);
      expect(await store.sumParts(runId, [])).toBe(0);
      expect(await store.sumParts(freshId("run"), ["PENDING"])).toBe(0);
    });

    it("lists pages by seq cursor: after afterSeq (exclusive), at most limit", async () => {
      const { store } = fixture();
      const { runId } = await seedRun(store, 10);
      const seqs = async (afterSeq: number) => (await store.list(runId, { afterSeq, limit: 4 })).map((m) => m.seq);
      expect(await seqs(-1)).toEqual([0, 1, 2, 3]);
      expect(await seqs(3)).toEqual([4, 5, 6, 7]);
      expect(await seqs(7)).toEqual([8, 9]);
      expect(await seqs(9)).toEqual([]);
      expect(await store.list(freshId("run"), { afterSeq: -1, limit: 4 })).toEqual([]);
    });

    it("lists pages of one status by seq cursor", async () => {
      const { store } = fixture();
      const skipped = new Set([1, 4, 5, 8]);
      const { runId } = await seedRun(store, 10, (seq) => (skipped.has(seq) ? { status: "SKIPPED", body: null } : {}));
      const seqs = async (afterSeq: number) =>
        (await store.list(runId, { status: "SKIPPED", afterSeq, limit: 2 })).map((m) => m.seq);
      expect(await seqs(-1)).toEqual([1, 4]);
      expect(await seqs(4)).toEqual([5, 8]);
      expect(await seqs(8)).toEqual([]);
      expect((await store.list(runId, { status: "PENDING", afterSeq: 3, limit: 3 })).map((m) => m.seq)).toEqual([6, 7, 9]);
    });

    describeBatches(fixture);
    describeDeliveryReports(fixture);

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const { runId } = await seedRun(store, 3);
        await store.takeBatch(runId, 1, 2, T0);
        const providerId = freshId("prov");
        await store.recordResults(runId, 1, [result(0, "SENT", providerId)], T0);
        return { runId, providerId };
      }, {
        insertMany: (store, s) => store.insertMany(messagesOf({ ...aRun(), run_id: s.runId }, 4)),
        deleteRun: (store, s) => store.deleteRun(s.runId),
        takeBatch: (store, s) => store.takeBatch(s.runId, 2, 10, T0),
        recordResults: (store, s) => store.recordResults(s.runId, 1, [result(1, "SENT", freshId("prov"))], T0),
        releaseQueued: (store, s) => store.releaseQueued(s.runId, 1, [1], T0),
        counts: (store, s) => store.counts(s.runId),
        sumParts: (store, s) => store.sumParts(s.runId, ["SENT"]),
        list: (store, s) => store.list(s.runId, { afterSeq: -1, limit: 10 }),
        applyDeliveryReport: (store, s) => store.applyDeliveryReport(s.providerId, "DELIVERED", T0),
      });
    });
  });
}
