import { describe, expect, test } from "vitest";
import { createEngine } from "../../../core/index.ts";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { expectCountersAddUp, HOUR, probedHarness, runOf, sentPhones } from "./core-test-kit.ts";

const DAY = 24 * HOUR;

async function launched(h: Harness, n: number, at?: number) {
  const c = await readyCampaign(h, ukMobiles(n), { body: "Hi", ...(at === undefined ? {} : { at }) });
  must(await h.service.launch(h.a, c.campaign_id, {}));
  return c;
}

describe("worker: pickup window", () => {
  test("a run exactly at the edge of the pickup window is claimed and sent", async () => {
    // given a run due at 12:00, and the clock exactly 24 h later
    const h = await createHarness();
    const c = await launched(h, 2);
    h.clock.advance(DAY);
    // when the worker ticks
    const tick = await h.worker.tick();
    // then it is claimed and completed, not failed
    expect(tick).toEqual({ overdue: 0, extended: 0, dispatched: { run_id: c.run_id, outcome: "completed" } });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 2, failure_reason: null });
  });

  test("a run 1 ms older than the window fails as missed_pickup_window, is refunded and can be retried", async () => {
    const h = await createHarness();
    const c = await launched(h, 2);
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000 - 2);
    h.clock.advance(DAY + 1);
    // when the worker ticks
    const tick = await h.worker.tick();
    // then the run failed visibly, nothing was sent, the units came back
    expect(tick).toEqual({ overdue: 1, extended: 0, dispatched: null });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "failed", failure_reason: "missed_pickup_window", sent: 0, pending: 2 });
    expect(h.gateway.sent).toHaveLength(0);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 2, consumed: 0, refunded: 2 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000);
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("failed");
    // and a retry sends everyone
    const retried = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(retried.recipient_count).toBe(2);
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(ukMobiles(2));
  });

  test("a tick before scheduled_at claims nothing; the first tick at scheduled_at claims the run", async () => {
    const h = await createHarness();
    const c = await launched(h, 1, Date.parse("2026-05-12T12:30:00.000Z"));
    h.clock.set("2026-05-12T12:29:59.999Z");
    expect(await h.worker.tick()).toEqual({ overdue: 0, extended: 0, dispatched: null });
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("scheduled");
    expect(h.gateway.sent).toHaveLength(0);
    h.clock.advance(1);
    expect((await h.worker.tick()).dispatched).toEqual({ run_id: c.run_id, outcome: "completed" });
  });
});

describe("worker: leases", () => {
  test("a run whose worker died is taken over after its lease expires and nobody is sent twice", async () => {
    // given 6 recipients in batches of 3, claimed by a worker that took a batch, handed 2 of its 3 messages to
    // the provider, recorded nothing and died
    const h = await createHarness({ config: { batchSize: 3 } });
    const c = await launched(h, 6);
    const now = h.clock.now();
    const dead = await h.stores.runs.claimNext({ now, windowStart: now - DAY, owner: "dead-worker", leaseMs: 60_000 });
    expect(dead?.run_id).toBe(c.run_id);
    const batch = await h.stores.messages.takeBatch(c.run_id, dead!.fence, 3, now);
    for (const m of batch.slice(0, 2)) {
      await h.gateway.send({ idempotency_key: `${c.run_id}:${m.seq}`, channel: "sms", to: m.phone, sender_id: m.sender_id, body: m.body! });
    }
    // when our worker ticks before the lease expires, it leaves the run alone
    h.clock.advance(59_999);
    expect((await h.worker.tick()).dispatched).toBeNull();
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("running");
    // and after it expires, it takes the run over and finishes it
    h.clock.advance(1);
    const tick = await h.worker.tick();
    expect(tick.dispatched).toEqual({ run_id: c.run_id, outcome: "completed" });
    // then everyone got exactly one message; the two re-sent calls were absorbed by their idempotency keys
    expect(sentPhones(h)).toEqual(ukMobiles(6));
    expect(h.gateway.duplicateCalls).toBe(2);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 6, pending: 0 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 6, refunded: 0 });
  });

  test("a stale worker's writes are refused once another worker has taken the run over", async () => {
    // given worker A sending a batch of 5, whose provider stalls past its lease while worker B takes over
    const { h, probe } = await probedHarness({ config: { batchSize: 5 } });
    const b = createEngine(h.deps, "worker-b").worker;
    const c = await launched(h, 5);
    let bTick: Awaited<ReturnType<typeof b.tick>> | null = null;
    probe.before = async (n) => {
      if (n !== 2) return;
      probe.before = null;
      h.clock.advance(61_000);
      bTick = await b.tick();
    };
    // when A's tick ends
    const aTick = await h.worker.tick();
    // then B completed the run, A found it had lost the run, and nobody was sent twice
    expect(bTick).toEqual({ overdue: 0, extended: 0, dispatched: { run_id: c.run_id, outcome: "completed" } });
    expect(aTick.dispatched).toEqual({ run_id: c.run_id, outcome: "lease_lost" });
    expect(sentPhones(h)).toEqual(ukMobiles(5));
    const run = await h.stores.runs.get(c.run_id);
    expect(run).toMatchObject({ status: "completed", fence: 2, lease: null });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 5, pending: 0, failed: 0 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 5, consumed: 5, refunded: 0 });
    // and a write under A's old fence changes nothing
    expect(await h.stores.runs.update(c.run_id, { fence: 1 }, { status: "failed" })).toBeNull();
    expect(await h.stores.messages.recordResults(c.run_id, 1, [{ seq: 0, status: "FAILED", provider_message_id: null, error: "stale" }], h.clock.now())).toBe(0);
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("completed");
  });

  test("a long provider call renews the lease so no other worker takes the run", async () => {
    // given each provider call taking 20 s (the lease is 60 s)
    const { h, probe } = await probedHarness({ config: { batchSize: 10 } });
    const b = createEngine(h.deps, "worker-b").worker;
    const c = await launched(h, 10);
    const bTicks: unknown[] = [];
    probe.before = async () => {
      h.clock.advance(20_000);
      bTicks.push((await b.tick()).dispatched);
    };
    // when A sends all ten (200 s in all)
    const aTick = await h.worker.tick();
    // then B never got the run
    expect(aTick.dispatched).toEqual({ run_id: c.run_id, outcome: "completed" });
    expect(bTicks).toEqual(Array(10).fill(null));
    expect(sentPhones(h)).toEqual(ukMobiles(10));
    expect(h.gateway.duplicateCalls).toBe(0);
    await expectCountersAddUp(h, c.campaign_id);
  });
});
