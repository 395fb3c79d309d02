import { afterEach, describe, expect, test } from "vitest";
import { ADMIN_KEY, campaignOverHttp, type E2E, expectStatus, KEY_B, startE2E, ukMobiles } from "./http-e2e-kit.ts";

// Building a campaign over HTTP against the real engine: campaigns, groups, imports, suppressions,
// audiences, content, runs, billing, and replays through the real idempotency store.

let api: E2E;
afterEach(async () => api?.close());

describe("campaigns", () => {
  test("create is 201 draft, readable, listed with a cursor, and patchable", async () => {
    api = await startE2E();
    const created = await api.call("POST", "/v1/campaign", { json: { name: "Spring", workspace_id: "ws_a", message_channel_id: "sms", description: "d" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: "Spring", workspace_id: "ws_a", status: "draft", message_channel_id: "sms" });
    expect(created.body.data.campaign_id).toMatch(/^camp_/);
    expect(created.body.data.created_at).toBe("2026-05-12T12:00:00.000Z");
    const id = created.body.data.campaign_id;
    await expectStatus(api.call("POST", "/v1/campaign", { json: { name: "Two", workspace_id: "ws_a" } }), 201);

    const page1 = await expectStatus(api.call("GET", "/v1/campaign?limit=1"), 200);
    expect(page1.items.map((c: any) => c.campaign_id)).toEqual([id]);
    expect(page1.next_cursor).not.toBeNull();
    const page2 = await expectStatus(api.call("GET", `/v1/campaign?limit=1&cursor=${encodeURIComponent(page1.next_cursor)}`), 200);
    expect(page2.items.map((c: any) => c.name)).toEqual(["Two"]);

    const patched = await expectStatus(api.call("PATCH", `/v1/campaign/${id}`, { json: { name: "Summer", description: null } }), 200);
    expect(patched).toMatchObject({ name: "Summer", description: null });
    expect((await expectStatus(api.call("GET", `/v1/campaign/${id}`), 200)).name).toBe("Summer");
  });

  test("another workspace's id in the body is 403; another workspace's campaign is 403; an unknown one 404", async () => {
    api = await startE2E();
    expect((await api.call("POST", "/v1/campaign", { json: { name: "x", workspace_id: "ws_b" } })).status).toBe(403);
    const c = await expectStatus(api.call("POST", "/v1/campaign", { json: { name: "x", workspace_id: "ws_a" } }), 201);
    expect((await api.call("GET", `/v1/campaign/${c.campaign_id}`, { key: KEY_B })).status).toBe(403);
    expect((await api.call("PATCH", `/v1/campaign/${c.campaign_id}`, { key: KEY_B, json: { name: "y" } })).status).toBe(403);
    expect((await api.call("GET", "/v1/campaign/camp_01KZZZZZZZZZZZZZZZZZZZZZZZ")).status).toBe(404);
    const list = await expectStatus(api.call("GET", "/v1/campaign", { key: KEY_B }), 200);
    expect(list.items).toEqual([]);
  });

  test("a name over 255 characters or an unknown channel is a 400 naming the field", async () => {
    api = await startE2E();
    const long = await api.call("POST", "/v1/campaign", { json: { name: "x".repeat(256), workspace_id: "ws_a" } });
    expect(long.body.errors[0].field).toBe("name");
    const channel = await api.call("POST", "/v1/campaign", { json: { name: "x", workspace_id: "ws_a", message_channel_id: "fax" } });
    expect(channel.status).toBe(400);
    expect(channel.body.errors[0].field).toBe("message_channel_id");
  });
});

describe("groups, imports, suppressions", () => {
  test("JSON import reports rejected rows by row number and counts the group", async () => {
    api = await startE2E();
    const group = await expectStatus(api.call("POST", "/v1/groups", { json: { name: "VIP" } }), 201);
    expect(group).toMatchObject({ name: "VIP", contact_count: 0 });
    const report = await expectStatus(api.call("POST", `/v1/groups/${group.group_id}/contacts`, {
      json: { contacts: [{ phone: "+447400000001" }, { phone: "not a phone" }, { phone: "07400 000002", name: "Asha", attributes: { city: "Leeds" } }] },
    }), 200);
    expect(report).toMatchObject({ group_id: group.group_id, received: 3, imported: 2, contact_count: 2 });
    expect(report.rejected).toEqual([{ row: 2, phone: "not a phone", reason: expect.any(String) }]);
    expect((await expectStatus(api.call("GET", `/v1/groups/${group.group_id}`), 200)).contact_count).toBe(2);
  });

  test("CSV import uses file line numbers and ?region= for national numbers", async () => {
    api = await startE2E();
    const group = await expectStatus(api.call("POST", "/v1/groups", { json: { name: "TZ" } }), 201);
    const csv = "phone,name,city\n0712345678,Asha,Arusha\nbogus,Juma,Moshi\n";
    const report = await expectStatus(api.call("POST", `/v1/groups/${group.group_id}/contacts?region=TZ`, {
      body: csv, headers: { "Content-Type": "text/csv" },
    }), 200);
    expect(report).toMatchObject({ received: 2, imported: 1 });
    expect(report.rejected).toEqual([{ row: 3, phone: "bogus", reason: expect.any(String) }]);
  });

  test("another workspace's group is 403 to read, import into, or attach", async () => {
    api = await startE2E();
    const group = await expectStatus(api.call("POST", "/v1/groups", { json: { name: "Mine" } }), 201);
    expect((await api.call("GET", `/v1/groups/${group.group_id}`, { key: KEY_B })).status).toBe(403);
    expect((await api.call("POST", `/v1/groups/${group.group_id}/contacts`, { key: KEY_B, json: { contacts: [{ phone: "+447400000001" }] } })).status).toBe(403);
    const theirs = await expectStatus(api.call("POST", "/v1/campaign", { key: KEY_B, json: { name: "B", workspace_id: "ws_b" } }), 201);
    const attach = await api.call("POST", `/v1/campaign/${theirs.campaign_id}/audiences`, { key: KEY_B, json: { group_id: group.group_id } });
    expect(attach.status).toBe(403);
    expect((await api.call("GET", "/v1/groups/grp_01KZZZZZZZZZZZZZZZZZZZZZZZ")).status).toBe(404);
  });

  test("suppressed numbers are skipped by the run", async () => {
    api = await startE2E();
    const phones = ukMobiles(3);
    const c = await campaignOverHttp(api, phones);
    const suppressed = await expectStatus(api.call("POST", "/v1/suppressions", { json: { phones: [phones[1]] } }), 200);
    expect(suppressed).toEqual({ suppressed: 1, rejected: [] });
    const v = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/validate`), 200);
    expect(v.estimated_cost).toEqual({ SMS: 2 });
    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    expect(api.h.gateway.sent.map((m) => m.to).sort()).toEqual([phones[0], phones[2]]);
  });
});

describe("audiences, content, runs", () => {
  test("attach and detach a group; content per channel; both runs kinds are 201 ready", async () => {
    api = await startE2E();
    const c = await expectStatus(api.call("POST", "/v1/campaign", { json: { name: "x", workspace_id: "ws_a", message_channel_id: "sms" } }), 201);
    const g = await expectStatus(api.call("POST", "/v1/groups", { json: { name: "g" } }), 201);
    const attached = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/audiences`, { json: { group_id: g.group_id } }), 200);
    expect(attached.audiences).toEqual([g.group_id]);
    const detached = await expectStatus(api.call("DELETE", `/v1/campaign/${c.campaign_id}/audiences/${g.group_id}`), 200);
    expect(detached.audiences).toEqual([]);
    const content = await expectStatus(api.call("PUT", `/v1/campaign/${c.campaign_id}/content/sms`, { json: { body: "Hi {{name}}", sender_id: "Kampeni" } }), 200);
    expect(content.content.sms).toEqual({ body: "Hi {{name}}", sender_id: "Kampeni" });

    const oneShot = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/runs`, { json: { scheduled_at: "2026-05-13T09:00:00+03:00" } }), 201);
    expect(oneShot).toMatchObject({ status: "ready", scheduled_at: "2026-05-13T06:00:00.000Z", recurrence_index: null, recurrence: null });
    const recurring = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/runs`, {
      json: { cron: "0 9 * * 1", timezone: "Africa/Dar_es_Salaam", max_occurrences: 3 },
    }), 201);
    expect(recurring).toMatchObject({ status: "ready", recurrence_index: null, recurrence: { cron: "0 9 * * 1", timezone: "Africa/Dar_es_Salaam", max_occurrences: 3 } });
    const runs = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs`), 200);
    expect(runs.map((r: any) => r.run_id)).toEqual([oneShot.run_id, recurring.run_id]);
  });

  test("launching a recurring template materialises occurrences and retires it", async () => {
    api = await startE2E();
    const c = await campaignOverHttp(api, ukMobiles(1), { at: null });
    const template = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/runs`, {
      json: { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 3 },
    }), 201);
    const launched = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`, { json: { run_id: template.run_id } }), 200);
    expect(launched.status).toBe("scheduled");
    const runs = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs`), 200);
    expect(runs.find((r: any) => r.run_id === template.run_id).status).toBe("retired");
    const children = runs.filter((r: any) => r.parent_run_id === template.run_id);
    expect(children.map((r: any) => r.recurrence_index)).toEqual([0, 1, 2]);
    expect(children[0].scheduled_at).toBe("2026-05-13T08:00:00.000Z");
  });
});

describe("PATCH a run", () => {
  test("re-times a run that has not started; 400 for fields that do not fit; 409 once it completed", async () => {
    api = await startE2E();
    const c = await campaignOverHttp(api, ukMobiles(1));
    const runPath = `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`;
    const moved = await expectStatus(api.call("PATCH", runPath, { json: { scheduled_at: "2026-05-12T15:00:00+01:00" } }), 200);
    expect(moved.scheduled_at).toBe("2026-05-12T14:00:00.000Z");
    const unchanged = await expectStatus(api.call("PATCH", runPath, { json: {} }), 200);
    expect(unchanged.scheduled_at).toBe("2026-05-12T14:00:00.000Z");
    const wrongKind = await api.call("PATCH", runPath, { json: { cron: "0 9 * * *" } });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].field).toBe("cron");

    await expectStatus(api.call("PATCH", runPath, { json: { scheduled_at: "2026-05-12T12:00:00Z" } }), 200);
    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    const late = await api.call("PATCH", runPath, { json: { scheduled_at: "2026-05-13T12:00:00Z" } });
    expect(late.status).toBe(409);
    expect((await api.call("PATCH", runPath, { key: KEY_B, json: {} })).status).toBe(403);
  });
});

describe("billing and operator", () => {
  test("balance is the workspace's; the operator credits once per key", async () => {
    api = await startE2E({ balance: 100 });
    expect(await expectStatus(api.call("GET", "/v1/balance"), 200)).toEqual({ workspace_id: "ws_a", balance: 100 });
    const path = "/v1/admin/workspaces/ws_a/credit";
    const headers = { "X-Admin-Key": ADMIN_KEY };
    const first = await expectStatus(api.call("POST", path, { key: null, headers, json: { units: 50, key: "topup-1" } }), 200);
    expect(first).toEqual({ workspace_id: "ws_a", balance: 150, applied: true });
    const again = await expectStatus(api.call("POST", path, { key: null, headers, json: { units: 50, key: "topup-1" } }), 200);
    expect(again).toMatchObject({ balance: 150, applied: false });
    expect((await expectStatus(api.call("GET", "/v1/balance", { key: KEY_B }), 200)).balance).toBe(100);
  });

  test("insufficient units is a validation issue, not an error status", async () => {
    api = await startE2E({ balance: 1 });
    const c = await campaignOverHttp(api, ukMobiles(3), { body: "Hi" });
    const v = await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/validate`), 200);
    expect(v.valid).toBe(false);
  });
});

describe("idempotency through the real store", () => {
  test("a repeated create with the same key makes one campaign", async () => {
    api = await startE2E();
    const init = { json: { name: "Once", workspace_id: "ws_a" }, headers: { "Idempotency-Key": "create-once" } };
    const a = await api.call("POST", "/v1/campaign", init);
    const b = await api.call("POST", "/v1/campaign", init);
    expect(b.status).toBe(201);
    expect(b.body.data.campaign_id).toBe(a.body.data.campaign_id);
    const list = await expectStatus(api.call("GET", "/v1/campaign"), 200);
    expect(list.items).toHaveLength(1);
  });

  test("a repeated launch with the same key replays instead of answering 400", async () => {
    api = await startE2E();
    const c = await campaignOverHttp(api, ukMobiles(1));
    const init = { headers: { "Idempotency-Key": "launch-1" } };
    const a = await api.call("POST", `/v1/campaign/${c.campaign_id}/launch`, init);
    const b = await api.call("POST", `/v1/campaign/${c.campaign_id}/launch`, init);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.data).toEqual(a.body.data);
  });
});
