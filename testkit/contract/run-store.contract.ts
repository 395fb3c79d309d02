import { describe, expect, it } from "vitest";
import type { Run } from "../../core/domain/model.ts";
import type { RunStore } from "../../core/ports/run-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { aRecurrence, aRun, freshId, HOUR, MINUTE, T0 } from "./fixtures.ts";
import { aScheduledRun, claimAt, describeClaims } from "./run-store-claim.contract.ts";
import { describeRunQueries } from "./run-store-queries.contract.ts";

/** A `RunStore` under test. */
export type RunStoreFixture = StoreFixture<RunStore>;

const RECURRENCE = aRecurrence({ starts_at: T0, ends_at: T0 + 365 * 24 * HOUR, max_occurrences: 12 });

/** Children 0..n-1 of `template`, with run ids of their own. */
function childrenOf(template: Run, indexes: readonly number[]): Run[] {
  return indexes.map((i) =>
    aScheduledRun(T0 + i * HOUR, { campaign_id: template.campaign_id, parent_run_id: template.run_id, recurrence_index: i })
  );
}

/**
 * The `RunStore` contract: faithful round trips, creation order, conditional (fenced) writes, idempotent
 * children, atomic claims and the worker's maintenance queries. For use under vitest only: call it at the
 * top level of a test file. The factory must give an empty store each time (see {@link StoreFixture}).
 */
export function runStoreContract(name: string, factory: () => Promise<RunStoreFixture>, capabilities: ContractCapabilities = {}): void {
  describe(`${name}: RunStore contract`, () => {
    const fixture = useFixture(factory);

    it("gets back every field of an inserted run, and null for an unknown one", async () => {
      const { store } = fixture();
      const template = aRun({ status: "retired", recurrence: RECURRENCE, occurrences_materialised: 3, materialised_until: T0 + HOUR });
      const busy = aRun({
        status: "running", scheduled_at: T0, retry_of_run_id: freshId("run"), recipients_fixed: true, recipient_count: 1200,
        total_batches: 2, current_batch: 1, units_reserved: 1300, refund_state: "due", failure_reason: "provider_errors",
        lease: { owner: "worker-1", expires_at: T0 + MINUTE }, fence: 6, provider_errors: 2, triggered_at: T0 + 1,
        finished_at: T0 + 2, updated_at: T0 + 3,
      });
      for (const run of [template, busy]) await store.insert(run);
      expect(await store.get(template.run_id)).toEqual(template);
      expect(await store.get(busy.run_id)).toEqual(busy);
      expect(await store.get(freshId("run"))).toBeNull();
    });

    it("lists a campaign's runs oldest first: created_at, then run_id", async () => {
      const { store } = fixture();
      const campaign_id = freshId("camp");
      const base = freshId("run");
      const runs = [
        aRun({ campaign_id, run_id: `${base}_c`, created_at: T0 + 2 }),
        aRun({ campaign_id, run_id: `${base}_b`, created_at: T0 + 1 }),
        aRun({ campaign_id, run_id: `${base}_z`, created_at: T0 }),
        aRun({ campaign_id, run_id: `${base}_a`, created_at: T0 + 1 }),
      ];
      for (const run of runs) await store.insert(run);
      await store.insert(aRun({ created_at: T0 - 1 }));
      const listed = await store.listByCampaign(campaign_id);
      expect(listed.map((r) => r.run_id)).toEqual([`${base}_z`, `${base}_a`, `${base}_b`, `${base}_c`]);
      expect(await store.listByCampaign(freshId("camp"))).toEqual([]);
    });

    describe("update", () => {
      it("applies the patch, and sets nothing else, when the status condition holds", async () => {
        const { store } = fixture();
        const run = aRun({ status: "claimed", lease: { owner: "w", expires_at: T0 + MINUTE }, fence: 2, scheduled_at: T0 });
        await store.insert(run);
        const patch = { status: "running", lease: null, scheduled_at: null, recipient_count: 5 } as const;
        const expected = { ...run, ...patch };
        expect(await store.update(run.run_id, { status: ["claimed", "running"] }, patch)).toEqual(expected);
        expect(await store.get(run.run_id)).toEqual(expected);
      });

      it("returns null and changes nothing when the status does not match", async () => {
        const { store } = fixture();
        const run = aRun({ status: "paused" });
        await store.insert(run);
        expect(await store.update(run.run_id, { status: ["ready", "scheduled"] }, { status: "cancelled" })).toBeNull();
        expect(await store.get(run.run_id)).toEqual(run);
      });

      it("returns null and changes nothing with a stale fence, even when the status matches", async () => {
        const { store } = fixture();
        const run = aRun({ status: "running", fence: 3 });
        await store.insert(run);
        expect(await store.update(run.run_id, { fence: 2 }, { current_batch: 4 })).toBeNull();
        expect(await store.update(run.run_id, { status: ["running"], fence: 4 }, { current_batch: 4 })).toBeNull();
        expect(await store.get(run.run_id)).toEqual(run);
        expect(await store.update(run.run_id, { status: ["running"], fence: 3 }, { current_batch: 4 })).toMatchObject({ current_batch: 4 });
      });

      it("with no condition applies; for an unknown run returns null", async () => {
        const { store } = fixture();
        const run = aRun();
        await store.insert(run);
        expect(await store.update(run.run_id, {}, { materialised_until: T0, recurrence: RECURRENCE })).toEqual({
          ...run, materialised_until: T0, recurrence: RECURRENCE,
        });
        expect(await store.update(freshId("run"), {}, { status: "failed" })).toBeNull();
        expect(await store.get(run.run_id)).toMatchObject({ recurrence: RECURRENCE });
      });

      it("of concurrent writers with one precondition exactly one wins", async () => {
        const { store } = fixture();
        const run = aRun({ status: "ready" });
        await store.insert(run);
        const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) =>
          store.update(run.run_id, { status: ["ready"], fence: 0 }, { status: "scheduled", fence: 1, failure_reason: `w${i}` })
        ));
        const winners = outcomes.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await store.get(run.run_id)).toEqual(winners[0]);
      });
    });

    describe("insertChildren", () => {
      it("inserts children and ignores any whose (parent_run_id, recurrence_index) exists", async () => {
        const { store } = fixture();
        const template = aRun({ status: "retired", recurrence: RECURRENCE });
        await store.insert(template);
        const first = childrenOf(template, [0, 1, 2]);
        expect(await store.insertChildren(first)).toBe(3);
        const again = childrenOf(template, [1, 2, 3, 4]);
        expect(await store.insertChildren(again)).toBe(2);
        const children = (await store.listByCampaign(template.campaign_id)).filter((r) => r.parent_run_id === template.run_id);
        const byIndex = new Map(children.map((r) => [r.recurrence_index, r.run_id]));
        expect([...byIndex.keys()].sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4]);
        expect(children).toHaveLength(5);
        expect(byIndex.get(1)).toBe(first[1]!.run_id);
        expect(await store.get(again[0]!.run_id)).toBeNull();
        expect(await store.get(again[2]!.run_id)).toEqual(again[2]);
      });

      it("of concurrent callers materialising the same occurrences, each child is inserted once", async () => {
        const { store } = fixture();
        const template = aRun({ status: "retired", recurrence: RECURRENCE });
        await store.insert(template);
        const indexes = Array.from({ length: 10 }, (_, i) => i);
        const added = await Promise.all(Array.from({ length: 5 }, () => store.insertChildren(childrenOf(template, indexes))));
        expect(added.reduce((a, b) => a + b, 0)).toBe(10);
        const children = (await store.listByCampaign(template.campaign_id)).filter((r) => r.parent_run_id === template.run_id);
        expect(children.map((r) => r.recurrence_index).sort((a, b) => a! - b!)).toEqual(indexes);
      });

      it("the same index under another template is not a duplicate; no children is a no-op", async () => {
        const { store } = fixture();
        const [t1, t2] = [aRun({ recurrence: RECURRENCE }), aRun({ recurrence: RECURRENCE })];
        expect(await store.insertChildren(childrenOf(t1, [0]))).toBe(1);
        expect(await store.insertChildren(childrenOf(t2, [0]))).toBe(1);
        expect(await store.insertChildren([])).toBe(0);
      });
    });

    describeClaims(fixture);
    describeRunQueries(fixture);

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const run = aScheduledRun(T0 - MINUTE, { refund_state: "due" });
        await store.insert(run);
        return run;
      }, {
        insert: (store) => store.insert(aRun()),
        insertChildren: (store, run) => store.insertChildren(childrenOf(run, [0])),
        get: (store, run) => store.get(run.run_id),
        listByCampaign: (store, run) => store.listByCampaign(run.campaign_id),
        update: (store, run) => store.update(run.run_id, {}, { status: "failed" }),
        claimNext: (store) => store.claimNext(claimAt(T0)),
        listOverdue: (store) => store.listOverdue(T0, 10),
        listRefundsDue: (store) => store.listRefundsDue(T0, 10),
        listTemplatesToExtend: (store) => store.listTemplatesToExtend(T0, 10),
      });
    });
  });
}
