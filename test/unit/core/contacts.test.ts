import { describe, expect, test } from "vitest";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { recipientStatuses } from "./core-test-kit.ts";

async function group(h: Harness) {
  return must(await h.service.createGroup(h.a, { name: "Customers" })).group_id;
}

describe("contact import", () => {
  test("import normalises numbers to E.164 with the default or given region", async () => {
    const h = await createHarness();
    const g = await group(h);
    const gb = must(await h.service.importContacts(h.a, g, [{ phone: "07400 000001" }, { phone: "+44 7400 000002" }, { phone: "(07400) 000-003" }]));
    expect(gb).toEqual({ group_id: g, received: 3, imported: 3, updated: 0, duplicates: 0, rejected: [], contact_count: 3 });
    const tz = must(await h.service.importContacts(h.a, g, [{ phone: "0712 345 678" }], { region: "tz" }));
    expect(tz).toMatchObject({ imported: 1, contact_count: 4 });
    const c = await readyCampaign(h, [], { body: "Hi" });
    must(await h.service.attachAudience(h.a, c.campaign_id, g));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(Object.keys(await recipientStatuses(h, c.campaign_id, c.run_id)).sort()).toEqual(
      ["+255712345678", "+447400000001", "+447400000002", "+447400000003"],
    );
  });

  test("invalid rows are reported by row number and not stored", async () => {
    const h = await createHarness();
    const g = await group(h);
    const report = must(await h.service.importContacts(h.a, g, [
      { phone: "07400 000001" },
      { phone: "12345" },
      { phone: "07400 000002" },
      { phone: "not a phone" },
      { phone: "07400 000003", attributes: { "bad key": "x" } },
    ]));
    expect(report.imported).toBe(2);
    expect(report.contact_count).toBe(2);
    expect(report.rejected.map((r) => [r.row, r.phone])).toEqual([[2, "12345"], [4, "not a phone"], [5, "07400 000003"]]);
    expect(report.rejected[0]!.reason).toBe("too short for calling code +44");
    expect(report.rejected[1]!.reason).toBe("contains letters");
    expect(report.rejected[2]!.reason).toBe("attribute name 'bad key' is not allowed");
  });

  test("row numbers given by the caller (CSV lines) are the ones reported", async () => {
    const h = await createHarness();
    const g = await group(h);
    const report = must(await h.service.importContacts(h.a, g, [{ phone: "07400 000001", row: 2 }, { phone: "nope", row: 3 }]));
    expect(report.rejected.map((r) => r.row)).toEqual([3]);
  });

  test("a number repeated within one import is merged; the last row wins", async () => {
    const h = await createHarness();
    const g = await group(h);
    const report = must(await h.service.importContacts(h.a, g, [
      { phone: "07400 000001", name: "First" },
      { phone: "+447400000001", name: "Second" },
      { phone: "07400 000002", name: "Other" },
    ]));
    expect(report).toMatchObject({ received: 3, imported: 2, duplicates: 1, updated: 0, contact_count: 2 });
    const c = await readyCampaign(h, [], { body: "Hi {{name}}" });
    must(await h.service.attachAudience(h.a, c.campaign_id, g));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    expect(h.gateway.sent.map((s) => [s.to, s.body])).toEqual([["+447400000001", "Hi Second"], ["+447400000002", "Hi Other"]]);
  });

  test("re-importing a number updates its name and attributes in place", async () => {
    const h = await createHarness();
    const g = await group(h);
    must(await h.service.importContacts(h.a, g, [{ phone: "07400 000001", name: "Old", attributes: { city: "Moshi" } }, { phone: "07400 000002", name: "B" }]));
    const again = must(await h.service.importContacts(h.a, g, [{ phone: "+447400000001", name: "New", attributes: { city: "Arusha" } }]));
    expect(again).toMatchObject({ received: 1, imported: 0, updated: 1, duplicates: 0, contact_count: 2 });
    expect(must(await h.service.getGroup(h.a, g)).contact_count).toBe(2);
    const c = await readyCampaign(h, [], { body: "Hi {{name}} of {{city}}" });
    must(await h.service.attachAudience(h.a, c.campaign_id, g));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    // the updated contact keeps its place and carries the new values; B has no city and is skipped
    expect(h.gateway.sent.map((s) => [s.to, s.body])).toEqual([["+447400000001", "Hi New of Arusha"]]);
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({ "+447400000001": "SENT", "+447400000002": "SKIPPED" });
  });

  test("the audience is the union of attached groups, de-duplicated by number", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(3));
    const g2 = await group(h);
    must(await h.service.importContacts(h.a, g2, ukMobiles(3, 2).map((phone) => ({ phone, name: "X" }))));
    must(await h.service.attachAudience(h.a, c.campaign_id, g2));
    const launched = must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(launched.recipient_count).toBe(5);
  });
});

describe("suppressions", () => {
  test("suppress normalises numbers, counts only new ones, and reports bad rows", async () => {
    const h = await createHarness();
    expect(must(await h.service.suppress(h.a, ["07400 000001", "garbage", "+447400000002"]))).toEqual({
      suppressed: 2,
      rejected: [{ row: 2, phone: "garbage", reason: "contains letters" }],
    });
    expect(must(await h.service.suppress(h.a, ["+447400000001"]))).toEqual({ suppressed: 0, rejected: [] });
  });

  test("suppressed numbers are left out of the audience in every campaign of the workspace, and only that workspace", async () => {
    const h = await createHarness();
    must(await h.service.suppress(h.a, ["07400 000001"]));
    const a1 = await readyCampaign(h, ukMobiles(3));
    const a2 = await readyCampaign(h, ukMobiles(3));
    const b1 = await readyCampaign(h, ukMobiles(3), { actor: h.b });
    expect(must(await h.service.launch(h.a, a1.campaign_id, {})).recipient_count).toBe(2);
    expect(must(await h.service.validate(h.a, a2.campaign_id)).estimated_cost).toEqual({ SMS: 2 });
    expect(must(await h.service.launch(h.b, b1.campaign_id, {})).recipient_count).toBe(3);
    await h.worker.drain();
    expect(h.gateway.sent.map((s) => s.to).filter((p) => p === "+447400000001")).toHaveLength(1);
  });
});
