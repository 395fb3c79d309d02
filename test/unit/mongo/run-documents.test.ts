import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { isClaimable, MemoryRunStore } from "../../../adapters/in-memory/memory-run-store.ts";
import {
  CLAIM_SORT,
  claimNextFilter,
  claimNextUpdate,
  CREATION_SORT,
  fencedUpdateFilter,
  fromRunDoc,
  overdueFilter,
  refundsDueFilter,
  runPatchUpdate,
  templatesToExtendFilter,
  toRunDoc,
} from "../../../adapters/mongo/documents/run.documents.ts";
import type { Run, RunStatus } from "../../../core/domain/model.ts";
import type { ClaimRequest } from "../../../core/ports/run-store.port.ts";
import { aRecurrence, aRun, HOUR, MINUTE, T0 } from "../../../testkit/contract/fixtures.ts";
import { applied, findOneAndUpdate, matches, select } from "./mingo-kit.ts";

const request: ClaimRequest = { now: T0, windowStart: T0 - 24 * HOUR, owner: "worker-9", leaseMs: 30_000 };
const claimable = (run: Run, r: ClaimRequest = request) => matches(claimNextFilter(r), toRunDoc(run));

const STATUSES: RunStatus[] = ["ready", "scheduled", "claimed", "running", "paused", "completed", "failed", "cancelled", "retired"];
const instant = fc.integer({ min: T0 - 30 * HOUR, max: T0 + HOUR });
const arbRun = fc.record({
  status: fc.constantFrom(...STATUSES),
  scheduled_at: fc.option(instant, { nil: null }),
  lease: fc.option(fc.record({ owner: fc.constantFrom("a", "b"), expires_at: instant }), { nil: null }),
  fence: fc.nat(5),
  refund_state: fc.constantFrom("none", "due", "done" as const),
  recurrence: fc.option(fc.constant(aRecurrence()), { nil: null }),
  materialised_until: fc.option(instant, { nil: null }),
  created_at: fc.integer({ min: T0 - 3, max: T0 }),
}).map((fields) => aRun(fields));

describe("claimNextFilter", () => {
  it("matches a scheduled run due inside the pickup window, boundaries included", () => {
    expect(claimable(aRun({ status: "scheduled", scheduled_at: T0 - MINUTE }))).toBe(true);
    expect(claimable(aRun({ status: "scheduled", scheduled_at: request.windowStart }))).toBe(true);
    expect(claimable(aRun({ status: "scheduled", scheduled_at: T0 }))).toBe(true);
  });

  it("does not match a scheduled run outside the window, or one without scheduled_at", () => {
    expect(claimable(aRun({ status: "scheduled", scheduled_at: request.windowStart - 1 }))).toBe(false);
    expect(claimable(aRun({ status: "scheduled", scheduled_at: T0 + 1 }))).toBe(false);
    expect(claimable(aRun({ status: "scheduled", scheduled_at: null }))).toBe(false);
  });

  it("matches a claimed or running run whose lease expired or is missing, not one with a live lease", () => {
    for (const status of ["claimed", "running"] as const) {
      expect(claimable(aRun({ status, scheduled_at: T0 - 3 * 24 * HOUR, lease: { owner: "dead", expires_at: T0 - 1 } }))).toBe(true);
      expect(claimable(aRun({ status, lease: { owner: "dead", expires_at: T0 } }))).toBe(true);
      expect(claimable(aRun({ status, lease: null }))).toBe(true);
      expect(claimable(aRun({ status, scheduled_at: T0 - MINUTE, lease: { owner: "alive", expires_at: T0 + 1 } }))).toBe(false);
    }
  });

  it("never matches ready, paused or finished runs, however due", () => {
    for (const status of ["ready", "paused", "completed", "failed", "cancelled", "retired"] as const) {
      expect(claimable(aRun({ status, scheduled_at: T0 - MINUTE, lease: null }))).toBe(false);
    }
  });

  test.prop([arbRun, instant])("agrees with the in-memory store's claimability rule", (run, now) => {
    const r = { ...request, now, windowStart: now - 24 * HOUR };
    expect(claimable(run, r)).toBe(isClaimable(run, r.now, r.windowStart));
  });
});

describe("claimNextUpdate", () => {
  it("sets status claimed, the caller's lease until now + leaseMs, fence + 1, and touches nothing else", () => {
    const run = aRun({ status: "scheduled", scheduled_at: T0 - MINUTE, fence: 4, current_batch: 2 });
    const after = fromRunDoc(applied(toRunDoc(run), claimNextUpdate(request)));
    expect(after).toEqual({
      ...run,
      status: "claimed",
      lease: { owner: "worker-9", expires_at: T0 + 30_000 },
      fence: 5,
      updated_at: T0,
    });
  });

  it("with the claim sort, takes the earliest due run and leaves the others", () => {
    const docs = [T0 - 1 * MINUTE, T0 - 3 * MINUTE, T0 + MINUTE, T0 - 2 * MINUTE].map((at) =>
      toRunDoc(aRun({ status: "scheduled", scheduled_at: at }))
    );
    const claimed = findOneAndUpdate(docs, claimNextFilter(request), claimNextUpdate(request), CLAIM_SORT);
    expect(claimed?.["scheduled_at"]).toBe(T0 - 3 * MINUTE);
    expect(docs.map((d) => d["status"])).toEqual(["scheduled", "claimed", "scheduled", "scheduled"]);
    const next = findOneAndUpdate(docs, claimNextFilter(request), claimNextUpdate(request), CLAIM_SORT);
    expect(next?.["scheduled_at"]).toBe(T0 - 2 * MINUTE);
  });

  it("a claimed run is not claimable again while its new lease lives", () => {
    const docs = [toRunDoc(aRun({ status: "scheduled", scheduled_at: T0 - MINUTE }))];
    expect(findOneAndUpdate(docs, claimNextFilter(request), claimNextUpdate(request), CLAIM_SORT)).not.toBeNull();
    expect(findOneAndUpdate(docs, claimNextFilter(request), claimNextUpdate(request), CLAIM_SORT)).toBeNull();
    const later = { ...request, now: T0 + 30_000 };
    expect(findOneAndUpdate(docs, claimNextFilter(later), claimNextUpdate(later), CLAIM_SORT)?.["fence"]).toBe(2);
  });
});

describe("fencedUpdateFilter", () => {
  const run = toRunDoc(aRun({ status: "running", fence: 3 }));

  it("matches the current holder's fence and status", () => {
    expect(matches(fencedUpdateFilter(run["_id"], { fence: 3, status: ["claimed", "running"] }), run)).toBe(true);
    expect(matches(fencedUpdateFilter(run["_id"], {}), run)).toBe(true);
  });

  it("rejects a stale or future fence, a status outside the condition, and another run", () => {
    expect(matches(fencedUpdateFilter(run["_id"], { fence: 2 }), run)).toBe(false);
    expect(matches(fencedUpdateFilter(run["_id"], { fence: 4, status: ["running"] }), run)).toBe(false);
    expect(matches(fencedUpdateFilter(run["_id"], { status: ["paused", "scheduled"] }), run)).toBe(false);
    expect(matches(fencedUpdateFilter("run_other", {}), run)).toBe(false);
  });
});

describe("runPatchUpdate", () => {
  it("sets exactly the patch's fields, nulls included", () => {
    const run = aRun({ status: "claimed", lease: { owner: "w", expires_at: T0 }, scheduled_at: T0 });
    const patch = { status: "running", lease: null, scheduled_at: null, recipient_count: 5 } as const;
    expect(fromRunDoc(applied(toRunDoc(run), runPatchUpdate(patch)!))).toEqual({ ...run, ...patch });
  });

  it("leaves out undefined fields, and is null for a patch that sets nothing", () => {
    expect(runPatchUpdate({ current_batch: 2, failure_reason: undefined })).toEqual({ $set: { current_batch: 2 } });
    expect(runPatchUpdate({})).toBeNull();
    expect(runPatchUpdate({ lease: undefined })).toBeNull();
  });
});

describe("maintenance queries", () => {
  test.prop([fc.array(arbRun, { maxLength: 25 }), instant])(
    "overdue, refunds-due and templates-to-extend select what the in-memory store lists, in creation order",
    async (runs, now) => {
      const memory = new MemoryRunStore();
      for (const run of runs) await memory.insert(run);
      const docs = runs.map(toRunDoc);
      const ids = (found: readonly { run_id: string }[]) => found.map((r) => r.run_id);
      const mongo = (filter: object) => ids(select(docs, filter, CREATION_SORT).map(fromRunDoc));
      expect(mongo(overdueFilter(now))).toEqual(ids(await memory.listOverdue(now, 1000)));
      expect(mongo(refundsDueFilter(now))).toEqual(ids(await memory.listRefundsDue(now, 1000)));
      expect(mongo(templatesToExtendFilter(now))).toEqual(ids(await memory.listTemplatesToExtend(now, 1000)));
    },
  );
});

describe("run documents", () => {
  it("store a run under _id = run_id and read back exactly the run", () => {
    const run = aRun({ recurrence: aRecurrence(), lease: { owner: "w", expires_at: T0 } });
    const doc = toRunDoc(run);
    expect(doc._id).toBe(run.run_id);
    expect(fromRunDoc(structuredClone(doc))).toEqual(run);
  });
});
