import { afterEach, describe, expect, test } from "vitest";
import { ADMIN_KEY, campaignOverHttp, type E2E, expectStatus, KEY_A, startE2E, ukMobiles } from "./http-e2e-kit.ts";

/** Regressions from trying to break the API: each changes nothing and answers a small, clear 4xx. */
describe("hostile input", () => {
  let api: E2E;
  afterEach(async () => api?.close());

  test("a body full of unknown fields gets at most 21 errors, not one per key", async () => {
    api = await startE2E();
    const group = await expectStatus(api.call("POST", "/v1/groups", { key: KEY_A, json: { name: "G" } }), 201);
    const junk = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`a${i}`, 1]));
    const contacts = Array.from({ length: 500 }, () => ({ phone: "1", ...junk }));
    const res = await api.call("POST", `/v1/groups/${group.group_id}/contacts`, { key: KEY_A, json: { contacts } });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeLessThanOrEqual(21);
    expect(JSON.stringify(res.body).length).toBeLessThan(5_000);
    const after = await expectStatus(api.call("GET", `/v1/groups/${group.group_id}`, { key: KEY_A }), 200);
    expect(after.contact_count).toBe(0);
  });

  test("{{constructor}} and {{toString}} are not filled from Object.prototype: nobody can fill them", async () => {
    api = await startE2E();
    const { campaign_id } = await campaignOverHttp(api, ukMobiles(2));
    await expectStatus(api.call("PUT", `/v1/campaign/${campaign_id}/content/sms`, { key: KEY_A, json: { body: "Hi {{constructor}} {{toString}}", sender_id: "Kampeni" } }), 200);
    const v = await expectStatus(api.call("POST", `/v1/campaign/${campaign_id}/validate`, { key: KEY_A }), 200);
    expect(v.valid).toBe(false);
    expect(v.issues).toContain("Placeholder {{constructor}} cannot be filled for any recipient");
    expect(v.issues).toContain("Placeholder {{toString}} cannot be filled for any recipient");
  });

  test("CSV rows over the field limits are rejected by row, like JSON ones", async () => {
    api = await startE2E();
    const group = await expectStatus(api.call("POST", "/v1/groups", { key: KEY_A, json: { name: "G" } }), 201);
    const csv = `phone,name,note\n+447400000001,${"x".repeat(300)},ok\n+447400000002,Asha,${"y".repeat(1001)}\n+447400000003,Juma,fine\n`;
    const report = await expectStatus(api.call("POST", `/v1/groups/${group.group_id}/contacts`, { key: KEY_A, body: csv, headers: { "Content-Type": "text/csv" } }), 200);
    expect(report.rejected.map((r: { row: number }) => r.row)).toEqual([2, 3]);
    expect(report.contact_count).toBe(1);
  });

  test("a lone surrogate is a 400 naming the field, not silently replaced", async () => {
    api = await startE2E();
    const res = await api.call("POST", "/v1/campaign", { key: KEY_A, body: '{"name":"a\\ud800b","workspace_id":"ws_a"}', headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("name");
    const list = await expectStatus(api.call("GET", "/v1/campaign", { key: KEY_A }), 200);
    expect(list.items).toEqual([]);
  });

  test("malformed JSON is a 400 that does not quote the body back", async () => {
    api = await startE2E();
    const res = await api.call("POST", "/v1/campaign", { key: KEY_A, body: '{"name": "secret-token-123", oops}', headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("body");
    expect(JSON.stringify(res.body)).not.toContain("secret-token-123");
  });

  test("the operator cannot credit a workspace that no API key names", async () => {
    api = await startE2E();
    const res = await api.call("POST", "/v1/admin/workspaces/ws_nobody/credit", { key: null, json: { units: 5, key: "c1" }, headers: { "X-Admin-Key": ADMIN_KEY } });
    expect(res.status).toBe(404);
    const ok = await api.call("POST", "/v1/admin/workspaces/ws_a/credit", { key: null, json: { units: 5, key: "c1" }, headers: { "X-Admin-Key": ADMIN_KEY } });
    expect(ok.status).toBe(200);
  });
});
