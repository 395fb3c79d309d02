import { afterEach, describe, expect, test } from "vitest";
import { campaignOverHttp, type E2E, expectStatus, KEY_B, startE2E, ukMobiles, WEBHOOK_SECRET } from "./http-e2e-kit.ts";

// Reading progress over HTTP while the worker sends, and delivery reports through the webhook.

let api: E2E;
afterEach(async () => api?.close());

describe("status, runs, recipients, report", () => {
  test("status is NO_RUN before any run, then the latest triggered run's counters", async () => {
    api = await startE2E({ config: { batchSize: 2 }, simulator: { failNumbers: [ukMobiles(5)[4]!] } });
    const c = await campaignOverHttp(api, ukMobiles(5), { at: null, body: "Hi" });
    expect(await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/status`), 200)).toEqual({ status: "NO_RUN", campaign_id: c.campaign_id });

    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/runs`, { json: { scheduled_at: "2026-05-12T12:00:00Z" } }), 201);
    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    const status = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/status`), 200);
    expect(status).toMatchObject({ status: "completed", recipient_count: 5, sent: 4, failed: 1, skipped: 0, pending: 0, delivered: 0, total_batches: 3, current_batch: 3 });
    expect(status.sent + status.failed + status.skipped + status.pending).toBe(status.recipient_count);
  });

  test("recipients page with a cursor and filter by status", async () => {
    const phones = ukMobiles(5);
    api = await startE2E({ simulator: { failNumbers: [phones[2]!] } });
    const c = await campaignOverHttp(api, phones);
    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    const base = `/v1/campaign/${c.campaign_id}/runs/${c.run_id}/recipients`;
    const first = await expectStatus(api.call("GET", `${base}?limit=3`), 200);
    expect(first.items).toHaveLength(3);
    const second = await expectStatus(api.call("GET", `${base}?limit=3&cursor=${encodeURIComponent(first.next_cursor)}`), 200);
    expect(second.items).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    expect([...first.items, ...second.items].map((r: any) => r.phone).sort()).toEqual([...phones].sort());
    const failed = await expectStatus(api.call("GET", `${base}?status=FAILED`), 200);
    expect(failed.items).toEqual([expect.objectContaining({ phone: phones[2], status: "FAILED", message_id: expect.stringMatching(/^msg_/) })]);
  });

  test("a run of another campaign is 404 under this campaign", async () => {
    api = await startE2E();
    const c = await campaignOverHttp(api, ukMobiles(1));
    const d = await campaignOverHttp(api, ukMobiles(1));
    expect((await api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${d.run_id}`)).status).toBe(404);
    expect((await api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${d.run_id}/recipients`)).status).toBe(404);
    expect((await api.call("GET", `/v1/campaign/${c.campaign_id}/status`, { key: KEY_B })).status).toBe(403);
    expect((await api.call("GET", `/v1/campaign/${c.campaign_id}/report`, { key: KEY_B })).status).toBe(403);
  });

  test("delivery reports move SENT to DELIVERED, never backwards, and show in the report", async () => {
    api = await startE2E();
    const c = await campaignOverHttp(api, ukMobiles(2), { body: "Hi" });
    await expectStatus(api.call("POST", `/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    const [first] = api.h.gateway.sent;
    const report = { provider_message_id: first!.provider_message_id, status: "DELIVERED" };
    await expectStatus(api.call("POST", "/v1/delivery-reports/simulated", { key: null, json: report, headers: { "X-Webhook-Secret": WEBHOOK_SECRET } }), 200);
    await expectStatus(api.call("POST", "/v1/delivery-reports/simulated", { key: null, json: { ...report, status: "FAILED" }, headers: { "X-Webhook-Secret": WEBHOOK_SECRET } }), 200);

    const run = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200);
    expect(run).toMatchObject({ sent: 2, delivered: 1, failed: 0 });
    const summary = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/report`), 200);
    expect(summary.runs[0]).toMatchObject({ run_id: c.run_id, delivered: 1, sent: 2, delivery_rate: 0.5, units: { reserved: 2, consumed: 2, refunded: 0 } });
    expect(summary.totals).toMatchObject({ sent: 2, delivered: 1 });
  });
});

describe("operational endpoints against the engine", () => {
  test("probes answer without a key and every response carries a request id", async () => {
    api = await startE2E();
    for (const path of ["/healthz", "/readyz", "/v1/healthz"]) {
      const res = await api.call("GET", path, { key: null });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe(res.body.request_id);
    }
  });
});
