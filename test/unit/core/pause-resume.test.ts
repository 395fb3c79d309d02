import { describe, expect, test } from "vitest";
import { must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { expectCountersAddUp, HOUR, observe, probedHarness, runOf, sentPhones } from "./core-test-kit.ts";

describe("pause", () => {
  test("pause flips only claimed/running runs; scheduled and ready runs are untouched and still pick up", async () => {
    // given run A sending now (batches of 2), run B launched for 13:00, and run C still ready
    const { h, probe } = await probedHarness({ config: { batchSize: 2 } });
    const a = await readyCampaign(h, ukMobiles(4));
    must(await h.service.launch(h.a, a.campaign_id, {}));
    const b = must(await h.service.createRun(h.a, a.campaign_id, { scheduled_at: h.clock.now() + HOUR }));
    must(await h.service.launch(h.a, a.campaign_id, { run_id: b.run_id }));
    const c = must(await h.service.createRun(h.a, a.campaign_id, { scheduled_at: h.clock.now() + 2 * HOUR }));
    // when the campaign is paused while A's first provider call is in flight
    let paused: unknown = null;
    probe.before = async (n) => {
      if (n === 1) paused = must(await h.service.pause(h.a, a.campaign_id));
    };
    const tick = await h.worker.tick();
    probe.before = null;
    // then A is paused; B and C are as they were
    expect(paused).toEqual({ campaign_id: a.campaign_id, action: "paused", status: "paused" });
    expect(tick.dispatched).toEqual({ run_id: a.run_id, outcome: "paused" });
    expect((await runOf(h, a.campaign_id, a.run_id)).status).toBe("paused");
    expect(await runOf(h, a.campaign_id, b.run_id)).toMatchObject({ status: "scheduled", scheduled_at: "2026-05-12T13:00:00.000Z" });
    expect(await runOf(h, a.campaign_id, c.run_id)).toMatchObject({ status: "ready", scheduled_at: "2026-05-12T14:00:00.000Z" });
    // and B still sends on its own schedule while A stays paused
    h.clock.advance(HOUR);
    await h.worker.drain();
    expect((await runOf(h, a.campaign_id, b.run_id)).status).toBe("completed");
    expect(await runOf(h, a.campaign_id, a.run_id)).toMatchObject({ status: "paused", sent: 2, pending: 2 });
    expect(sentPhones(h)).toEqual([...ukMobiles(2), ...ukMobiles(4)]);
  });

  test("pause on a campaign with nothing in flight changes nothing", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2), { at: Date.parse("2026-05-12T13:00:00.000Z") });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    const before = await observe(h, c.campaign_id);
    expect(must(await h.service.pause(h.a, c.campaign_id))).toEqual({ campaign_id: c.campaign_id, action: "paused", status: "scheduled" });
    expect(await observe(h, c.campaign_id)).toEqual(before);
  });

  test("pause is idempotent: pausing a paused campaign answers the same and changes nothing", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 2 } });
    const c = await readyCampaign(h, ukMobiles(4));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    probe.before = null;
    const before = await observe(h, c.campaign_id);
    h.clock.advance(1_000);
    expect(must(await h.service.pause(h.a, c.campaign_id))).toEqual({ campaign_id: c.campaign_id, action: "paused", status: "paused" });
    expect(await observe(h, c.campaign_id)).toEqual(before);
  });

  test("the worker finishes the batch in flight when paused and starts no other", async () => {
    // given 9 recipients in batches of 3
    const { h, probe } = await probedHarness({ config: { batchSize: 3 } });
    const c = await readyCampaign(h, ukMobiles(9));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // when paused during the second provider call of the first batch
    probe.before = async (n) => {
      if (n === 2) must(await h.service.pause(h.a, c.campaign_id));
    };
    const tick = await h.worker.tick();
    // then the first batch went out whole, and nothing after it
    expect(tick.dispatched?.outcome).toBe("paused");
    expect(probe.calls).toBe(3);
    expect(sentPhones(h)).toEqual(ukMobiles(3));
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({
      status: "paused", recipient_count: 9, sent: 3, pending: 6, current_batch: 1, total_batches: 3,
    });
    // and later ticks claim nothing while paused
    h.clock.advance(HOUR);
    expect((await h.worker.drain()).map((r) => r.dispatched)).toEqual([null]);
    expect(probe.calls).toBe(3);
    await expectCountersAddUp(h, c.campaign_id);
  });
});

describe("resume", () => {
  test("resume is go-now: the paused run is scheduled at the current time", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 1 } });
    const c = await readyCampaign(h, ukMobiles(3));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    probe.before = null;
    // when resumed two hours later
    h.clock.advance(2 * HOUR);
    const resumed = must(await h.service.resume(h.a, c.campaign_id));
    // then
    expect(resumed).toEqual({ campaign_id: c.campaign_id, action: "resumed", status: "scheduled" });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "scheduled", scheduled_at: "2026-05-12T14:00:00.000Z" });
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("scheduled");
  });

  test("a resumed run completes without sending anyone twice", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 3 } });
    const c = await readyCampaign(h, ukMobiles(9));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 2) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    probe.before = null;
    h.clock.advance(10 * 60_000);
    must(await h.service.resume(h.a, c.campaign_id));
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(ukMobiles(9));
    expect(h.gateway.duplicateCalls).toBe(0);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 9, pending: 0, current_batch: 3, total_batches: 3 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 9, consumed: 9, refunded: 0 });
  });

  test("a run resumed after its pickup window has passed is still picked up (go-now)", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 1 } });
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    probe.before = null;
    h.clock.advance(25 * HOUR);
    must(await h.service.resume(h.a, c.campaign_id));
    const reports = await h.worker.drain();
    expect(reports.reduce((s, r) => s + r.overdue, 0)).toBe(0);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 2, failure_reason: null });
  });

  test("a pause and a resume inside the same batch: the run still finishes with everyone sent once", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 3 } });
    const c = await readyCampaign(h, ukMobiles(6));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
      if (n === 2) must(await h.service.resume(h.a, c.campaign_id));
    };
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(ukMobiles(6));
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 6, pending: 0 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 6, refunded: 0 });
  });

  test("resume after cancel is a conflict", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    must(await h.service.cancel(h.a, c.campaign_id));
    expect(await h.service.resume(h.a, c.campaign_id)).toEqual({
      ok: false,
      error: { kind: "conflict", message: "Campaign is cancelled; it cannot be resumed" },
    });
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("cancelled");
  });

  test("resume of a campaign never paused is a no-op: scheduled runs keep their time", async () => {
    const { h } = await probedHarness();
    const c = await readyCampaign(h, ukMobiles(2), { at: Date.parse("2026-05-12T18:00:00.000Z") });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    const before = await observe(h, c.campaign_id);
    h.clock.advance(HOUR);
    expect(must(await h.service.resume(h.a, c.campaign_id))).toEqual({ campaign_id: c.campaign_id, action: "resumed", status: "scheduled" });
    expect(must(await h.service.resume(h.a, c.campaign_id))).toEqual({ campaign_id: c.campaign_id, action: "resumed", status: "scheduled" });
    expect(await observe(h, c.campaign_id)).toEqual(before);
    expect((await runOf(h, c.campaign_id, c.run_id)).scheduled_at).toBe("2026-05-12T18:00:00.000Z");
  });
});
