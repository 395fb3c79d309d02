import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { MemoryMessageStore } from "../../../adapters/in-memory/memory-message-store.ts";
import {
  countsFromGroups,
  countsPipeline,
  deliveryReportFilter,
  deliveryReportUpdate,
  fromMessageDoc,
  listFilter,
  recordResultsOps,
  releaseQueuedFilter,
  releaseQueuedUpdate,
  SEQ_SORT,
  sumPartsPipeline,
  takeBatchCandidatesFilter,
  takeBatchFilter,
  takeBatchUpdate,
  takenRowsFilter,
  toMessageDoc,
} from "../../../adapters/mongo/documents/message.documents.ts";
import type { Message, MessageStatus } from "../../../core/domain/model.ts";
import type { SendResult } from "../../../core/ports/message-store.port.ts";
import { aRun, messagesOf, T0 } from "../../../testkit/contract/fixtures.ts";
import { aggregate, bulkUpdate, matches, select, updateMany } from "./mingo-kit.ts";

const STATUSES: MessageStatus[] = ["PENDING", "QUEUED", "SENT", "DELIVERED", "FAILED", "SKIPPED"];
const run = aRun();
const RUN_ID = run.run_id;

/** Rows of one run with arbitrary statuses, fences up to `maxFence` and parts. */
const arbRows = (maxFence: number) =>
  fc.array(fc.record({ status: fc.constantFrom(...STATUSES), fence: fc.nat(maxFence), parts: fc.integer({ min: 1, max: 4 }) }), {
    maxLength: 30,
  }).map((states) => messagesOf(run, states.length, (seq) => states[seq]!));

/** The three steps of `MongoMessageStore.takeBatch`, on an array. */
function takeBatch(docs: Record<string, unknown>[], fence: number, limit: number, now: number): Message[] {
  const seqs: number[] = [];
  for (const status of ["QUEUED", "PENDING"] as const) {
    const candidates = select(docs, takeBatchCandidatesFilter(RUN_ID, status, fence), SEQ_SORT);
    seqs.push(...candidates.slice(0, limit - seqs.length).map((d) => d["seq"] as number));
  }
  updateMany(docs, takeBatchFilter(RUN_ID, fence, seqs), takeBatchUpdate(fence, now));
  return select(docs, takenRowsFilter(RUN_ID, fence, seqs), SEQ_SORT).map(fromMessageDoc);
}

const rowsOf = (docs: readonly Record<string, unknown>[]) => select(docs, { run_id: RUN_ID }, SEQ_SORT).map(fromMessageDoc);

describe("takeBatch documents", () => {
  test.prop([arbRows(3), fc.integer({ min: 1, max: 12 })])(
    "take what the in-memory store takes (QUEUED first, then PENDING, in seq order) and leave the same rows",
    async (rows, limit) => {
      const memory = new MemoryMessageStore();
      await memory.insertMany(rows);
      const docs = rows.map(toMessageDoc);
      const expected = await memory.takeBatch(RUN_ID, 3, limit, T0 + 1);
      expect(takeBatch(docs, 3, limit, T0 + 1)).toEqual(expected);
      expect(rowsOf(docs)).toEqual(await memory.list(RUN_ID, { afterSeq: -1, limit: 1000 }));
    },
  );

  it("a holder whose lease was taken over cannot take back rows its successor marked", () => {
    const docs = messagesOf(run, 4).map(toMessageDoc);
    // The stale holder (fence 1) has read its candidates when the successor (fence 2) takes them.
    const staleCandidates = select(docs, takeBatchCandidatesFilter(RUN_ID, "PENDING", 1), SEQ_SORT).map((d) => d["seq"] as number);
    expect(takeBatch(docs, 2, 4, T0).map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    expect(updateMany(docs, takeBatchFilter(RUN_ID, 1, staleCandidates), takeBatchUpdate(1, T0))).toBe(0);
    expect(select(docs, takenRowsFilter(RUN_ID, 1, staleCandidates))).toEqual([]);
    expect(rowsOf(docs).every((m) => m.status === "QUEUED" && m.fence === 2)).toBe(true);
  });

  it("the successor takes rows the stale holder marked first, and the stale holder's results then record nothing", () => {
    const docs = messagesOf(run, 3).map(toMessageDoc);
    expect(takeBatch(docs, 1, 3, T0)).toHaveLength(3);
    expect(takeBatch(docs, 2, 3, T0 + 1).map((m) => [m.seq, m.fence])).toEqual([[0, 2], [1, 2], [2, 2]]);
    const results: SendResult[] = [0, 1, 2].map((seq) => ({ seq, status: "SENT", provider_message_id: `p${seq}`, error: null }));
    expect(bulkUpdate(docs, recordResultsOps(RUN_ID, 1, results, T0 + 2))).toBe(0);
    expect(bulkUpdate(docs, recordResultsOps(RUN_ID, 2, results, T0 + 2))).toBe(3);
  });

  it("never takes rows of another run", () => {
    const other = messagesOf(aRun(), 3).map(toMessageDoc);
    const docs = [...other, ...messagesOf(run, 1).map(toMessageDoc)];
    expect(takeBatch(docs, 1, 10, T0).map((m) => m.run_id)).toEqual([RUN_ID]);
    expect(other.every((d) => d["status"] === "PENDING")).toBe(true);
  });
});

const arbResults = fc.array(
  fc.record({
    seq: fc.nat(32),
    status: fc.constantFrom("SENT", "FAILED", "SKIPPED" as const),
    provider_message_id: fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: null }),
    error: fc.option(fc.constant("rejected"), { nil: null }),
  }),
  { maxLength: 12 },
);

describe("recordResultsOps", () => {
  test.prop([arbRows(3), arbResults, fc.nat(3)])(
    "only touch rows QUEUED under the same fence, as the in-memory store does",
    async (rows, results, fence) => {
      const memory = new MemoryMessageStore();
      await memory.insertMany(rows);
      const docs = rows.map(toMessageDoc);
      const before = rowsOf(docs);
      const changed = bulkUpdate(docs, recordResultsOps(RUN_ID, fence, results, T0 + 5));
      expect(changed).toBe(await memory.recordResults(RUN_ID, fence, results, T0 + 5));
      const after = rowsOf(docs);
      expect(after).toEqual(await memory.list(RUN_ID, { afterSeq: -1, limit: 1000 }));
      after.forEach((row, i) => {
        if (row.updated_at !== before[i]!.updated_at) expect([before[i]!.status, before[i]!.fence]).toEqual(["QUEUED", fence]);
      });
    },
  );
});

describe("releaseQueued documents", () => {
  it("put back to PENDING only the given rows QUEUED under the fence", () => {
    const docs = messagesOf(run, 4, (seq) => ({ status: seq === 3 ? "SENT" : "QUEUED", fence: seq === 2 ? 1 : 2 })).map(toMessageDoc);
    updateMany(docs, releaseQueuedFilter(RUN_ID, 2, [0, 2, 3]), releaseQueuedUpdate(T0 + 1));
    expect(rowsOf(docs).map((m) => m.status)).toEqual(["PENDING", "QUEUED", "QUEUED", "SENT"]);
  });
});

describe("counts and sums", () => {
  test.prop([arbRows(2), arbRows(2)])("the counts pipeline counts one run's rows per status, zeros included", async (mine, others) => {
    const memory = new MemoryMessageStore();
    await memory.insertMany(mine);
    const docs = [...mine, ...messagesOf(aRun(), others.length, (seq) => ({ status: others[seq]!.status }))].map(toMessageDoc);
    expect(countsFromGroups(aggregate(docs, countsPipeline(RUN_ID)))).toEqual(await memory.counts(RUN_ID));
  });

  test.prop([arbRows(2), fc.subarray(STATUSES, { minLength: 1 })])("the parts pipeline sums parts over the given statuses", async (rows, statuses) => {
    const memory = new MemoryMessageStore();
    await memory.insertMany(rows);
    const [row] = aggregate(rows.map(toMessageDoc), sumPartsPipeline(RUN_ID, statuses));
    expect((row?.["parts"] as number | undefined) ?? 0).toBe(await memory.sumParts(RUN_ID, statuses));
  });

  test.prop([arbRows(1), fc.integer({ min: -1, max: 30 }), fc.option(fc.constantFrom(...STATUSES), { nil: undefined })])(
    "the list filter pages after a seq, optionally by status",
    async (rows, afterSeq, status) => {
      const memory = new MemoryMessageStore();
      await memory.insertMany(rows);
      const options = status ? { status, afterSeq } : { afterSeq };
      const found = select(rows.map(toMessageDoc), listFilter(RUN_ID, options), SEQ_SORT).slice(0, 5).map(fromMessageDoc);
      expect(found).toEqual(await memory.list(RUN_ID, { ...options, limit: 5 }));
    },
  );
});

describe("deliveryReportFilter", () => {
  it("matches only a SENT message with that provider id", () => {
    for (const status of STATUSES) {
      const doc = toMessageDoc(messagesOf(run, 1, () => ({ status, provider_message_id: "prov-1" }))[0]!);
      expect(matches(deliveryReportFilter("prov-1"), doc)).toBe(status === "SENT");
      expect(matches(deliveryReportFilter("prov-2"), doc)).toBe(false);
    }
  });

  it("moves SENT forward once: a duplicate or a later opposite report finds nothing", () => {
    const docs = messagesOf(run, 1, () => ({ status: "SENT", provider_message_id: "prov-1" })).map(toMessageDoc);
    expect(updateMany(docs, deliveryReportFilter("prov-1"), deliveryReportUpdate("DELIVERED", T0 + 1))).toBe(1);
    expect(updateMany(docs, deliveryReportFilter("prov-1"), deliveryReportUpdate("FAILED", T0 + 2))).toBe(0);
    expect(rowsOf(docs)[0]).toMatchObject({ status: "DELIVERED", updated_at: T0 + 1 });
  });
});

describe("message documents", () => {
  it("round-trip attributes whose keys MongoDB would read as paths or operators", () => {
    const attributes = JSON.parse('{"a.b":"1","$where":"2","__proto__":"3","city":"Mwanza"}') as Record<string, string>;
    const message = messagesOf(run, 1, () => ({ attributes }))[0]!;
    const doc = toMessageDoc(message);
    expect(doc._id).toBe(message.message_id);
    expect(JSON.stringify(doc["attributes"])).not.toContain('"$where":');
    const back = fromMessageDoc(structuredClone(doc));
    expect(back).toEqual(message);
    expect(Object.keys(back.attributes)).toEqual(["a.b", "$where", "__proto__", "city"]);
  });
});
