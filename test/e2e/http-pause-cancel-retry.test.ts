import { afterEach, describe, expect, test } from "vitest";
import { campaignOverHttp, type E2E, expectStatus, KEY_B, startE2E, ukMobiles } from "./http-e2e-kit.ts";

// The seed's runtime controls and retry, status by status, over HTTP against the real engine. Pause and
// cancel land mid-run through a hook inside the simulated provider call.

const UNKNOWN_CAMP = "camp_01KZZZZZZZZZZZZZZZZZZZZZZZ";
let api: E2E;
afterEach(async () => api?.close());

const start = async (batchSize = 1000) => (api = await startE2E({ config: { batchSize } }));
const post = (path: string, init: Parameters<E2E["call"]>[2] = {}) => api.call("POST", path, init);

describe("POST /pause and /resume", () => {
  test("pause stops at the batch boundary, is idempotent, and resume sends the rest now", async () => {
    await start(2);
    const c = await campaignOverHttp(api, ukMobiles(5));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    const paused: unknown[] = [];
    api.beforeSend(async (n) => {
      if (n === 1) paused.push(await expectStatus(post(`/v1/campaign/${c.campaign_id}/pause`), 200));
    });
    await api.h.worker.tick();
    api.beforeSend(null);
    expect(paused[0]).toEqual({ campaign_id: c.campaign_id, action: "paused", status: "paused" });
    expect(api.h.gateway.sent).toHaveLength(2);

    const again = await post(`/v1/campaign/${c.campaign_id}/pause`);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ action: "paused", status: "paused" });

    api.h.clock.advance(60 * 60 * 1000);
    const resumed = await expectStatus(post(`/v1/campaign/${c.campaign_id}/resume`), 200);
    expect(resumed).toEqual({ campaign_id: c.campaign_id, action: "resumed", status: "scheduled" });
    const run = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200);
    expect(run.scheduled_at).toBe(new Date(api.h.clock.now()).toISOString());
    await api.h.worker.drain();
    expect(api.h.gateway.sent).toHaveLength(5);
    expect(new Set(api.h.gateway.sent.map((m) => m.to)).size).toBe(5);
  });

  test("resume on a never-paused campaign is a 200 no-op", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    expect((await post(`/v1/campaign/${c.campaign_id}/resume`)).status).toBe(200);
  });

  test("resume after cancel is 409; pause stays 200", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/cancel`), 200);
    const res = await post(`/v1/campaign/${c.campaign_id}/resume`);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].code).toBe("CONFLICT");
  });

  test("401, 403, 404", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    for (const action of ["pause", "resume", "cancel"]) {
      expect((await post(`/v1/campaign/${c.campaign_id}/${action}`, { key: null })).status).toBe(401);
      expect((await post(`/v1/campaign/${c.campaign_id}/${action}`, { key: KEY_B })).status).toBe(403);
      expect((await post(`/v1/campaign/${UNKNOWN_CAMP}/${action}`)).status).toBe(404);
    }
  });
});

describe("POST /cancel", () => {
  test("200 with runs_cancelled, sticky, and the reservation refunded", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(3), { body: "Hi" });
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/runs`, { json: {} }), 201);
    const before = (await expectStatus(api.call("GET", "/v1/balance"), 200)).balance;
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    expect((await expectStatus(api.call("GET", "/v1/balance"), 200)).balance).toBe(before - 3);

    const res = await post(`/v1/campaign/${c.campaign_id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ campaign_id: c.campaign_id, action: "cancelled", status: "cancelled", runs_cancelled: 2 });
    expect((await expectStatus(api.call("GET", "/v1/balance"), 200)).balance).toBe(before);
    const patch = await api.call("PATCH", `/v1/campaign/${c.campaign_id}`, { json: { name: "Revived" } });
    expect(patch.status).toBe(409);
    expect((await post(`/v1/campaign/${c.campaign_id}/cancel`)).status).toBe(200);
  });
});

describe("POST /runs/{run_id}/retry", () => {
  test("200: a cancelled run is retried on the recipients not yet sent, as a new scheduled run", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(5));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    api.beforeSend(async (n) => {
      if (n === 2) await expectStatus(post(`/v1/campaign/${c.campaign_id}/cancel`), 200);
    });
    await api.h.worker.tick();
    api.beforeSend(null);
    expect(api.h.gateway.sent).toHaveLength(2);
    api.h.clock.advance(1000);

    const res = await post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      campaign_id: c.campaign_id, status: "scheduled", retry_of_run_id: c.run_id, recipient_count: 3,
      scheduled_at: new Date(api.h.clock.now()).toISOString(),
    });
    expect(res.body.data.run_id).not.toBe(c.run_id);
    await api.h.worker.drain();
    expect(api.h.gateway.sent).toHaveLength(5);
    expect(new Set(api.h.gateway.sent.map((m) => m.to)).size).toBe(5);
    const campaign = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}`), 200);
    expect(campaign.status).toBe("cancelled");
  });

  test("400 when the run is neither failed nor cancelled", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    await api.h.worker.drain();
    const res = await post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      code: "VALIDATION_FAILED", message: "Only FAILED or CANCELLED runs can be retried. Current status: 'completed'",
    });
  });

  test("400 when every recipient was already sent", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(2));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    // Cancel while the last provider call is in flight: it completes, so nothing is left unsent.
    api.beforeSend(async (n) => {
      if (n === 2) await expectStatus(post(`/v1/campaign/${c.campaign_id}/cancel`), 200);
    });
    await api.h.worker.tick();
    api.beforeSend(null);
    const run = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200);
    expect(run).toMatchObject({ status: "cancelled", sent: 2 });
    const res = await post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe("VALIDATION_FAILED");
    expect(res.body.errors[0].message).toContain("nothing left to retry");
  });

  test("a run that missed its pickup window fails and is retryable", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(2));
    await expectStatus(post(`/v1/campaign/${c.campaign_id}/launch`), 200);
    api.h.clock.advance(25 * 60 * 60 * 1000);
    await api.h.worker.tick();
    const run = await expectStatus(api.call("GET", `/v1/campaign/${c.campaign_id}/runs/${c.run_id}`), 200);
    expect(run).toMatchObject({ status: "failed", failure_reason: "missed_pickup_window" });
    const retried = await expectStatus(post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`), 200);
    expect(retried.recipient_count).toBe(2);
  });

  test("404 for a run of another campaign or an unknown run; 401; 403", async () => {
    await start();
    const c = await campaignOverHttp(api, ukMobiles(1));
    const d = await campaignOverHttp(api, ukMobiles(1));
    expect((await post(`/v1/campaign/${c.campaign_id}/runs/${d.run_id}/retry`)).status).toBe(404);
    expect((await post(`/v1/campaign/${c.campaign_id}/runs/run_01KZZZZZZZZZZZZZZZZZZZZZZZ/retry`)).status).toBe(404);
    expect((await post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`, { key: null })).status).toBe(401);
    expect((await post(`/v1/campaign/${c.campaign_id}/runs/${c.run_id}/retry`, { key: KEY_B })).status).toBe(403);
  });
});
