import { describe, expect, it } from "vitest";
import { createEngine } from "../../../core/engine.ts";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";

/** A worker that dies mid-batch exposes at most `flushEvery` provider calls to re-presentation. */
describe("a crash in the middle of a batch", () => {
  it("re-presents at most flushEvery calls, under the same idempotency keys, and hands nobody over twice", async () => {
    const h = await createHarness({ config: { batchSize: 1000, flushEvery: 10, leaseMs: 30_000 } });
    const c = await readyCampaign(h, ukMobiles(60));
    must(await h.service.launch(h.a, c.campaign_id, {}));

    const presented: string[] = [];
    const send = h.gateway.send.bind(h.gateway);
    let dead = false;
    h.gateway.send = (m) => {
      presented.push(m.idempotency_key);
      // The 25th call never returns: the worker process died while it was in flight.
      if (!dead && presented.length === 25) {
        dead = true;
        void send(m);
        return new Promise(() => {});
      }
      return send(m);
    };
    void h.worker.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(presented).toHaveLength(25);

    h.clock.advance(30_001);
    const successor = createEngine(h.deps, "successor").worker;
    await successor.drain();

    const counts = new Map<string, number>();
    for (const key of presented) counts.set(key, (counts.get(key) ?? 0) + 1);
    const represented = [...counts.values()].filter((n) => n > 1).length;
    expect(represented).toBeGreaterThan(0);
    expect(represented).toBeLessThanOrEqual(10);
    expect(new Set(h.gateway.sent.map((r) => r.idempotency_key)).size).toBe(60);
    expect(h.gateway.sent).toHaveLength(60);
    const run = must(await h.service.getRun(h.a, c.campaign_id, c.run_id));
    expect([run.status, run.sent, run.pending]).toEqual(["completed", 60, 0]);
  });
});
