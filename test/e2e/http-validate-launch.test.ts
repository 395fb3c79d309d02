import { afterEach, describe, expect, test } from "vitest";
import { campaignOverHttp, type E2E, expectStatus, KEY_B, startE2E, ukMobiles } from "./http-e2e-kit.ts";

// The seed's validate and launch endpoints, status by status, over HTTP against the real engine
// (in-memory stores, manual clock; the worker is ticked by the test).

const UNKNOWN_CAMP = "camp_01KZZZZZZZZZZZZZZZZZZZZZZZ";
let api: E2E;
afterEach(async () => api?.close());

const start = async (batchSize = 1000) => (api = await startE2E({ config: { batchSize } }));
const post = (path: string, init: Parameters<E2E["call"]>[2] = {}) => api.call("POST", path, init);

describe("POST /validate", () => {
  test("200 with valid true and the estimate in units per channel", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(4), { body: "Hello" });
    const res = await post(`/v1/campaign/${c.campaign_id}/validate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { valid: true, issues: [], estimated_cost: { SMS: 4 } }, errors: null });
  });

  test("200 with valid false and every issue when the campaign is not launchable", async () => {
    await start();
    const created = await expectStatus(post("/v1/campaign", { json: { name: "Empty", workspace_id: "ws_a" } }), 201);
    const res = await post(`/v1/campaign/${created.campaign_id}/validate`);
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.data.valid).toBe(false);
    expect(res.body.data.issues.length).toBeGreaterThan(1);
    expect(res.body.data.estimated_cost).toEqual({});
  });

  test("validate changes nothing", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(2));
    await post(`/v1/campaign/${c.campaign_id}/validate`);
    const campaign = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}`), 200);
    expect(campaign.status).toBe("draft");
    const run = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200);
    expect(run.status).toBe("ready");
  });

  test("401 without a key, 403 for another workspace, 404 for no such campaign", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    expect((await post(`/v1/campaign/${c.campaign_id}/validate`, { key: null })).status).toBe(401);
    const other = await post(`/v1/campaign/${c.campaign_id}/validate`, { key: KEY_B });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].code).toBe("FORBIDDEN");
    const missing = await post(`/v1/campaign/${UNKNOWN_CAMP}/validate`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe("NOT_FOUND");
  });
});

describe("POST /launch", () => {
  test("200 with the triggered run scheduled, and the campaign flips to scheduled", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(3), { at: "2026-05-12T14:00:00Z" });
    const res = await post(`/v1/campaign/${c.campaign_id}/launch`, { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      run_id: c.run_id, campaign_id: c.campaign_id, status: "scheduled", scheduled_at: "2026-05-12T14:00:00.000Z", recipient_count: 3,
    });
    expect((await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}`), 200)).status).toBe("scheduled");
  });

  test("400 VALIDATION_FAILED when no ready run is left", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(2));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    const res = await post(`/v1/campaign/${c.campaign_id}/launch`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", message: "No 'ready' run available for this campaign" });
  });

  test("401, 403, and 404 for an unknown campaign or a run of another campaign", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    const d = await campaignOverHttp(api, ukMobiles(1));
    expect((await post(`/v1/campaign/${c.campaign_id}/launch`, { key: "wrong" })).status).toBe(401);
    expect((await post(`/v1/campaign/${c.campaign_id}/launch`, { key: KEY_B })).status).toBe(403);
    expect((await post(`/v1/campaign/${UNKNOWN_CAMP}/launch`)).status).toBe(404);
    const foreignRun = await post(`/v1/campaign/${c.campaign_id}/launch`, { json: { run_id: d.run_id } });
    expect(foreignRun.status).toBe(404);
    expect(foreignRun.body.errors[0].code).toBe("NOT_FOUND");
  });

  test("409 dual envelope when validation fails: the result in data, the marker in errors", async () => {
    await start();
    const created = await expectStatus(post("/v1/campaign", { json: { name: "No audience", workspace_id: "ws_a", message_channel_id: "sms" } }), 201);
    await expectStatus(api.call("PUT", `/v1/campaign/${created.campaign_id}/content/sms`, { json: { body: "Hi", sender_id: "Kampeni" } }), 200);
    await expectStatus(post(`/v1/campaign/${created.campaign_id}/runs`, { json: { scheduled_at: "2026-05-12T12:00:00Z" } }), 201);
    const res = await post(`/v1/campaign/${created.campaign_id}/launch`);
    expect(res.status).toBe(409);
    expect(res.body.success).toBe(false);
    expect(res.body.data).toMatchObject({ valid: false, estimated_cost: {} });
    expect(res.body.data.issues.length).toBeGreaterThan(0);
    expect(res.body.errors).toEqual([{ code: "CONFLICT", message: "Validation failed", field: null }]);
  });

  test("409 when the targeted run already completed", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(2));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    expect((await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200)).status).toBe("completed");
    const res = await post(`/v1/campaign/${c.campaign_id}/launch`, { json: { run_id: c.run_id } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ success: false, data: null, errors: [{ code: "CONFLICT" }] });
  });

  test("a time without an offset never reaches the engine", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1), { at: null });
    const res = await post(`/v1/campaign/${c.campaign_id}/runs`, { json: { scheduled_at: "2026-05-12T14:00:00" } });
    expect(res.status).toBe(400);
    expect(await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs`), 200)).toEqual([]);
  });
});
