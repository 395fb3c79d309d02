import { describe, expect, test } from "vitest";
import { must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { expectCountersAddUp, HOUR, observe, probedHarness, runOf, sentPhones } from "./core-test-kit.ts";

describe("cancel", () => {
  test("cancel flips every non-terminal run to cancelled and counts them", async () => {
    // given a completed run, a launched run for later, and two ready runs
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    const later = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: h.clock.now() + HOUR }));
    must(await h.service.launch(h.a, c.campaign_id, { run_id: later.run_id }));
    const ready1 = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: h.clock.now() + 2 * HOUR }));
    const ready2 = must(await h.service.createRun(h.a, c.campaign_id, {}));
    // when cancelled
    const view = must(await h.service.cancel(h.a, c.campaign_id));
    // then
    expect(view).toEqual({ campaign_id: c.campaign_id, action: "cancelled", status: "cancelled", runs_cancelled: 3 });
    const statuses = Object.fromEntries(must(await h.service.listRuns(h.a, c.campaign_id)).map((r) => [r.run_id, r.status]));
    expect(statuses).toEqual({ [c.run_id]: "completed", [later.run_id]: "cancelled", [ready1.run_id]: "cancelled", [ready2.run_id]: "cancelled" });
    const campaign = must(await h.service.getCampaign(h.a, c.campaign_id));
    expect(campaign.status).toBe("cancelled");
    expect(campaign.cancelled_at).toBe("2026-05-12T12:00:00.000Z");
  });

  test("a second cancel is a no-op answering runs_cancelled 0", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2), { at: Date.parse("2026-05-12T13:00:00.000Z") });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(must(await h.service.cancel(h.a, c.campaign_id)).runs_cancelled).toBe(1);
    const before = await observe(h, c.campaign_id);
    // when cancelled again a minute later
    h.clock.advance(60_000);
    const again = must(await h.service.cancel(h.a, c.campaign_id));
    // then nothing a client can observe changed
    expect(again).toEqual({ campaign_id: c.campaign_id, action: "cancelled", status: "cancelled", runs_cancelled: 0 });
    expect(await observe(h, c.campaign_id)).toEqual(before);
  });

  test("cancel is sticky: pause, resume, launch, retry of a non-cancelled run, PATCH and edits do not revive it", async () => {
    // given a campaign with a completed run and a ready run, then cancelled
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    const ready = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: h.clock.now() }));
    must(await h.service.cancel(h.a, c.campaign_id));
    const cancelledConflict = { ok: false, error: { kind: "conflict", message: "Campaign is cancelled; cancel is permanent" } };
    // pause: accepted, changes nothing
    expect(must(await h.service.pause(h.a, c.campaign_id))).toEqual({ campaign_id: c.campaign_id, action: "paused", status: "cancelled" });
    // resume: 409
    expect((await h.service.resume(h.a, c.campaign_id)).ok).toBe(false);
    // launch (auto-pick and by run_id): 409
    const launch = await h.service.launch(h.a, c.campaign_id, {});
    expect(launch).toMatchObject({ ok: false, error: { kind: "conflict", message: "Validation failed", data: { valid: false } } });
    expect((launch as { error: { data: { issues: string[] } } }).error.data.issues).toContain("Campaign is cancelled");
    expect(await h.service.launch(h.a, c.campaign_id, { run_id: ready.run_id })).toMatchObject({ ok: false, error: { kind: "conflict" } });
    // retry of the completed run: 400
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual({
      ok: false,
      error: { kind: "invalid", message: "Only FAILED or CANCELLED runs can be retried. Current status: 'completed'", field: "run_id" },
    });
    // PATCH, new runs, content and audience edits: 409
    expect(await h.service.patchCampaign(h.a, c.campaign_id, { name: "Revived" })).toEqual(cancelledConflict);
    expect(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: h.clock.now() })).toEqual(cancelledConflict);
    expect(await h.service.putContent(h.a, c.campaign_id, "sms", { body: "New", sender_id: "Kampeni" })).toEqual(cancelledConflict);
    expect(await h.service.detachAudience(h.a, c.campaign_id, c.group_id)).toEqual(cancelledConflict);
    // and it is still cancelled, with nothing sent since
    const campaign = must(await h.service.getCampaign(h.a, c.campaign_id));
    expect(campaign).toMatchObject({ status: "cancelled", name: "Promo" });
    await h.worker.drain();
    expect(h.gateway.sent).toHaveLength(2);
  });

  test("cancel mid-batch stops before the next provider call; only the call in flight completes", async () => {
    // given 5 recipients in one batch
    const { h, probe } = await probedHarness({ config: { batchSize: 5 } });
    const c = await readyCampaign(h, ukMobiles(5));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // when cancelled during the second provider call
    let cancelView: unknown = null;
    probe.before = async (n) => {
      if (n === 2) cancelView = must(await h.service.cancel(h.a, c.campaign_id));
    };
    const tick = await h.worker.tick();
    // then
    expect(cancelView).toEqual({ campaign_id: c.campaign_id, action: "cancelled", status: "cancelled", runs_cancelled: 1 });
    expect(tick.dispatched).toEqual({ run_id: c.run_id, outcome: "cancelled" });
    expect(probe.calls).toBe(2);
    expect(sentPhones(h)).toEqual(ukMobiles(2));
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "cancelled", recipient_count: 5, sent: 2, pending: 3 });
    await expectCountersAddUp(h, c.campaign_id);
  });

  test("cancel refunds the unsent reservation: reserved = consumed + refunded", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 5 } });
    const c = await readyCampaign(h, ukMobiles(5), { body: `Two parts ${"y".repeat(160)}` });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 2) must(await h.service.cancel(h.a, c.campaign_id));
    };
    await h.worker.tick();
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 10, consumed: 4, refunded: 6 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000 - 4);
    const report = must(await h.service.report(h.a, c.campaign_id));
    expect(report.totals.units).toEqual({ reserved: 10, consumed: 4, refunded: 6 });
  });

  test("cancel of a launched run no worker holds refunds everything at once, and the worker never sends it", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hi", at: h.clock.now() + HOUR });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000 - 3);
    must(await h.service.cancel(h.a, c.campaign_id));
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 3, consumed: 0, refunded: 3 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000);
    h.clock.advance(2 * HOUR);
    await h.worker.drain();
    expect(h.gateway.sent).toHaveLength(0);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 3, consumed: 0, refunded: 3 });
  });

  test("cancel of a launched recurring schedule cancels every waiting occurrence", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(1), { at: h.clock.now() + HOUR });
    const template = must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 3 }));
    must(await h.service.launch(h.a, c.campaign_id, { run_id: template.run_id }));
    const view = must(await h.service.cancel(h.a, c.campaign_id));
    // the one-shot (ready) and the three children (scheduled); the retired template is terminal
    expect(view.runs_cancelled).toBe(4);
    const runs = must(await h.service.listRuns(h.a, c.campaign_id));
    expect(runs.map((r) => r.status).sort()).toEqual(["cancelled", "cancelled", "cancelled", "cancelled", "retired"]);
    h.clock.advance(5 * 24 * HOUR);
    await h.worker.drain();
    expect(h.gateway.sent).toHaveLength(0);
  });

  test("a cancelled run held by a dead worker is refunded by the reconciler once its lease expires", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hi" });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    const now = h.clock.now();
    await h.stores.runs.claimNext({ now, windowStart: now - 24 * HOUR, owner: "dead-worker", leaseMs: 60_000 });
    // when cancelled while the dead worker's lease is live
    expect(must(await h.service.cancel(h.a, c.campaign_id)).runs_cancelled).toBe(1);
    // then the refund waits for the lease
    expect(await h.worker.reconcileRefunds()).toBe(0);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 3, consumed: 0, refunded: 0 });
    // and happens once it has expired, exactly once
    h.clock.advance(60_000);
    expect(await h.worker.reconcileRefunds()).toBe(1);
    expect(await h.worker.reconcileRefunds()).toBe(0);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 3, consumed: 0, refunded: 3 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000);
  });

  test("a refund that fails during cancel is retried by the reconciler; the campaign is cancelled either way", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2), { body: "Hi", at: h.clock.now() + HOUR });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // when the ledger is down during the cancel
    h.stores.ledger.availability.up = false;
    const view = must(await h.service.cancel(h.a, c.campaign_id));
    expect(view).toEqual({ campaign_id: c.campaign_id, action: "cancelled", status: "cancelled", runs_cancelled: 1 });
    expect(await h.worker.reconcileRefunds()).toBe(0);
    // then once it is back the reconciler refunds, once
    h.stores.ledger.availability.up = true;
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 2, consumed: 0, refunded: 0 });
    expect(await h.worker.reconcileRefunds()).toBe(1);
    expect(await h.worker.reconcileRefunds()).toBe(0);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 2, consumed: 0, refunded: 2 });
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("cancelled");
  });

  test("cancel of a paused run refunds what it had not sent", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 2 } });
    const c = await readyCampaign(h, ukMobiles(4), { body: "Hi" });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    expect(must(await h.service.cancel(h.a, c.campaign_id)).runs_cancelled).toBe(1);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 4, consumed: 2, refunded: 2 });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "cancelled", sent: 2, pending: 2 });
  });
});
