import { describe, expect, it } from "vitest";
import { CAMPAIGN_SORT, fromCampaignDoc, listFilter, toCampaignDoc, versionedFilter } from "../../../adapters/mongo/documents/campaign.documents.ts";
import { INDEXES } from "../../../adapters/mongo/documents/collections.documents.ts";
import { earlyReportsFilter, earlyReportUpsert, sentProviderIds } from "../../../adapters/mongo/documents/early-report.documents.ts";
import {
  contactUpsertPlan,
  fromContactDoc,
  fromGroupDoc,
  reservePositionsUpdate,
  suppressedFilter,
  suppressOps,
  toGroupDoc,
  upsertOutcome,
} from "../../../adapters/mongo/documents/group.documents.ts";
import { fromIdempotencyDoc, liveRecordFilter, putFilter, putUpdate } from "../../../adapters/mongo/documents/idempotency.documents.ts";
import { aCampaign, aContact, aGroup, anIdempotencyRecord, HOUR, orderedIds, T0 } from "../../../testkit/contract/fixtures.ts";
import { applied, matches, select } from "./mingo-kit.ts";

describe("campaign documents", () => {
  it("match a replace only at the expected version", () => {
    const doc = toCampaignDoc(aCampaign({ version: 3 }));
    expect(matches(versionedFilter(doc._id, 3), doc)).toBe(true);
    expect(matches(versionedFilter(doc._id, 2), doc)).toBe(false);
    expect(fromCampaignDoc(structuredClone(doc))).toEqual(fromCampaignDoc(doc));
  });

  it("list a workspace's campaigns after the cursor, in id order", () => {
    const ids = orderedIds("camp", 4);
    const docs = [...ids].reverse().map((campaign_id) => toCampaignDoc(aCampaign({ campaign_id, workspace_id: "ws_a" })));
    docs.push(toCampaignDoc(aCampaign({ workspace_id: "ws_b" })));
    const listed = (after: string | null) => select(docs, listFilter("ws_a", after), CAMPAIGN_SORT).map((d) => d["campaign_id"]);
    expect(listed(null)).toEqual(ids);
    expect(listed(ids[1]!)).toEqual(ids.slice(2));
  });
});

describe("group documents", () => {
  it("store a group with its position counter and read back just the group", () => {
    const group = aGroup();
    const doc = applied(toGroupDoc(group), reservePositionsUpdate(3));
    expect(doc["next_position"]).toBe(3);
    expect(fromGroupDoc(doc)).toEqual(group);
  });

  it("plan one upsert per phone: the last values win, the first occurrence gives the position", () => {
    const [a, b] = [aContact(), aContact()];
    const a2 = { ...a, name: "again", attributes: { "x.y": "1" } };
    const plan = contactUpsertPlan("grp", [a, b, a2], 10);
    expect(plan.occurrences).toEqual([2, 1]);
    const ops = plan.ops.map((op) => ("updateOne" in op ? op.updateOne : null)!);
    expect(ops.map((u) => [u.filter, u.upsert])).toEqual([[{ group_id: "grp", phone: a.phone }, true], [{ group_id: "grp", phone: b.phone }, true]]);
    const inserted = { group_id: "grp", phone: a.phone, ...(ops[0]!.update as Record<string, object>)["$set"], ...(ops[0]!.update as Record<string, object>)["$setOnInsert"] };
    expect(inserted).toMatchObject({ position: 10 });
    expect(fromContactDoc(inserted)).toEqual(a2);
  });

  it("an existing contact keeps its position: the position is set on insert only", () => {
    const a = aContact();
    const [op] = contactUpsertPlan("grp", [{ ...a, name: "new name" }], 50).ops;
    const stored = { group_id: "grp", phone: a.phone, name: a.name, attributes: [], region: a.region, number_type: a.number_type, position: 2 };
    const { $setOnInsert: _ignored, ...update } = (op as { updateOne: { update: Record<string, unknown> } }).updateOne.update;
    expect(applied(stored, update)).toMatchObject({ position: 2, name: "new name" });
  });

  it("count inserts and updates as the in-memory store does, repeats within a call included", () => {
    const [a, b, c] = [aContact(), aContact(), aContact()];
    const plan = contactUpsertPlan("grp", [a, b, a, c, a], 0);
    expect(upsertOutcome(plan, new Set([0, 2]))).toEqual({ inserted: 2, updated: 3 });
    expect(upsertOutcome(plan, new Set())).toEqual({ inserted: 0, updated: 5 });
  });

  it("suppress once per distinct phone, and find suppressed phones per workspace", () => {
    expect(suppressOps("ws", ["+1", "+2", "+1"])).toHaveLength(2);
    const docs = [{ workspace_id: "ws", phone: "+1" }, { workspace_id: "other", phone: "+2" }];
    expect(select(docs, suppressedFilter("ws", ["+1", "+2"])).map((d) => d.phone)).toEqual(["+1"]);
  });
});

describe("idempotency documents", () => {
  it("store created_at as a date (for the TTL index) and read back the record", () => {
    const record = anIdempotencyRecord();
    const doc: Record<string, unknown> = applied({ workspace_id: record.workspace_id, key: record.key }, putUpdate(record));
    expect(doc["created_at"]).toBeInstanceOf(Date);
    expect(fromIdempotencyDoc(doc)).toEqual(record);
  });

  it("a live record is returned and blocks a put; an expired one does neither", () => {
    const record = anIdempotencyRecord({ created_at: T0 });
    const doc = applied({}, putUpdate(record));
    expect(matches(liveRecordFilter(record.workspace_id, record.key, T0), doc)).toBe(true);
    expect(matches(liveRecordFilter(record.workspace_id, record.key, T0 + 1), doc)).toBe(false);
    // The put's filter matches only what it may replace; a live record makes the upsert collide on the unique key.
    expect(matches(putFilter(record, T0), doc)).toBe(false);
    expect(matches(putFilter(record, T0 + HOUR), doc)).toBe(true);
    expect(matches(putFilter({ ...record, workspace_id: "other" }, T0 + HOUR), doc)).toBe(false);
  });
});

describe("early delivery report documents", () => {
  it("keep the first report and look up only sent results' provider ids", () => {
    expect(earlyReportUpsert("FAILED", T0)).toEqual({ $setOnInsert: { status: "FAILED", received_at: new Date(T0) } });
    const ids = sentProviderIds([
      { seq: 0, status: "SENT", provider_message_id: "p0", error: null },
      { seq: 1, status: "FAILED", provider_message_id: "p1", error: "x" },
      { seq: 2, status: "SENT", provider_message_id: null, error: null },
    ]);
    expect(ids).toEqual(["p0"]);
    expect(select([{ _id: "p0" }, { _id: "p9" }], earlyReportsFilter(ids))).toEqual([{ _id: "p0" }]);
  });
});

describe("indexes", () => {
  const find = (collection: string, key: Record<string, number>) =>
    INDEXES.find((i) => i.collection === collection && JSON.stringify(i.key) === JSON.stringify(key));

  it("declare the uniqueness the adapters rely on", () => {
    expect(find("runs", { parent_run_id: 1, recurrence_index: 1 })?.options).toMatchObject({
      unique: true,
      partialFilterExpression: { parent_run_id: { $type: "string" } },
    });
    expect(find("messages", { run_id: 1, seq: 1 })?.options.unique).toBe(true);
    expect(find("contacts", { group_id: 1, phone: 1 })?.options.unique).toBe(true);
    expect(find("suppressions", { workspace_id: 1, phone: 1 })?.options.unique).toBe(true);
    expect(find("idempotency_records", { workspace_id: 1, key: 1 })?.options.unique).toBe(true);
  });

  it("declare the query indexes and a 24 h TTL on idempotency records", () => {
    expect(find("runs", { status: 1, scheduled_at: 1 })).toBeDefined();
    expect(find("messages", { run_id: 1, status: 1, seq: 1 })).toBeDefined();
    expect(find("messages", { provider_message_id: 1 })).toBeDefined();
    expect(find("idempotency_records", { created_at: 1 })?.options.expireAfterSeconds).toBe(24 * 60 * 60);
  });

  it("every index has a distinct name", () => {
    expect(new Set(INDEXES.map((i) => i.options.name)).size).toBe(INDEXES.length);
  });
});
