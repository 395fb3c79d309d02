import { describe, expect, test } from "vitest";
import { createEngine } from "../../../core/index.ts";
import { createHarness, must, ukMobiles } from "../../support/engine-harness.ts";
import { campaignWithoutRuns, probedHarness, readyCampaignLaunched, runOf, sentPhones } from "./core-test-kit.ts";

describe("worker: stopping (SIGTERM)", () => {
  test("stop finishes the provider call in flight, records it and releases the lease for another worker", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 5 } });
    const c = await readyCampaignLaunched(h, ukMobiles(5));
    probe.before = (n) => {
      if (n === 2) h.worker.stop();
    };
    const tick = await h.worker.tick();
    expect(tick.dispatched).toEqual({ run_id: c.run_id, outcome: "stopping" });
    expect(probe.calls).toBe(2);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "running", sent: 2, pending: 3 });
    expect((await h.stores.runs.get(c.run_id))?.lease).toBeNull();
    // a stopped worker claims nothing more
    expect((await h.worker.tick()).dispatched).toBeNull();
    // another worker picks the run up at once and finishes it
    probe.before = null;
    await createEngine(h.deps, "worker-b").worker.drain();
    expect(sentPhones(h)).toEqual(ukMobiles(5));
    expect(h.gateway.duplicateCalls).toBe(0);
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("completed");
  });
});

describe("worker: recurring occurrences", () => {
  test("an occurrence the balance cannot pay for when claimed fails as insufficient_balance, reserving nothing", async () => {
    // given a daily schedule and a workspace that can pay for exactly one occurrence of 2 messages
    const h = await createHarness({ balance: 3 });
    const c = await campaignWithoutRuns(h, ukMobiles(2), "Hi");
    must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 2 }));
    const first = must(await h.service.launch(h.a, c.campaign_id, {}));
    // when both occurrences come due
    h.clock.set("2026-05-13T08:00:00.000Z");
    await h.worker.drain();
    h.clock.set("2026-05-14T08:00:00.000Z");
    await h.worker.drain();
    // then the first was sent, the second failed without sending or reserving
    const children = must(await h.service.listRuns(h.a, c.campaign_id)).filter((r) => r.recurrence_index !== null);
    expect(children.map((r) => [r.recurrence_index, r.status, r.failure_reason, r.sent])).toEqual([
      [0, "completed", null, 2],
      [1, "failed", "insufficient_balance", 0],
    ]);
    expect(children[0]!.run_id).toBe(first.run_id);
    expect(sentPhones(h)).toEqual(ukMobiles(2));
    expect(must(await h.service.balance(h.a)).balance).toBe(1);
  });
});
