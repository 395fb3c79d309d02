import { describe, expect, it } from "vitest";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";

/** Re-timing a run that has not started; saving it unchanged never moves its time. */
describe("PATCH a run", () => {
  it("saving a run with no fields, or its own time, leaves scheduled_at exactly as it was", async () => {
    const h = await createHarness();
    const at = Date.parse("2026-05-13T09:30:00.000Z");
    const c = await readyCampaign(h, ukMobiles(2), { at });
    const same = must(await h.service.patchRun(h.a, c.campaign_id, c.run_id, {}));
    expect(same.scheduled_at).toBe("2026-05-13T09:30:00.000Z");
    const again = must(await h.service.patchRun(h.a, c.campaign_id, c.run_id, { scheduled_at: at }));
    expect(again.scheduled_at).toBe("2026-05-13T09:30:00.000Z");
    expect((await h.stores.runs.get(c.run_id))!.scheduled_at).toBe(at);
  });

  it("restores the original schedule after a go-now resume, as the seed suggests", async () => {
    const h = await createHarness({ config: { batchSize: 1 } });
    const original = h.clock.now();
    const c = await readyCampaign(h, ukMobiles(3), { at: original });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // Pause while the first batch is in flight.
    const send = h.gateway.send.bind(h.gateway);
    h.gateway.send = async (m) => {
      const out = await send(m);
      if (h.gateway.sent.length === 1) must(await h.service.pause(h.a, c.campaign_id));
      return out;
    };
    await h.worker.tick();
    h.clock.advance(60_000);
    must(await h.service.resume(h.a, c.campaign_id));
    expect(must(await h.service.getRun(h.a, c.campaign_id, c.run_id)).scheduled_at).toBe(new Date(original + 60_000).toISOString());
    const restored = must(await h.service.patchRun(h.a, c.campaign_id, c.run_id, { scheduled_at: original }));
    expect(restored.scheduled_at).toBe(new Date(original).toISOString());
    expect(restored.status).toBe("scheduled");
  });

  it("refuses a run that has started, and changes nothing", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    const before = await h.stores.runs.get(c.run_id);
    const res = await h.service.patchRun(h.a, c.campaign_id, c.run_id, { scheduled_at: h.clock.now() + 1000 });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe("conflict");
    expect(await h.stores.runs.get(c.run_id)).toEqual(before);
  });

  it("re-times a recurring template while it is ready and validates its cron", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2), { at: null });
    const t = must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Africa/Nairobi" }));
    const bad = await h.service.patchRun(h.a, c.campaign_id, t.run_id, { cron: "0 9 L * *" });
    expect(bad.ok).toBe(false);
    const good = must(await h.service.patchRun(h.a, c.campaign_id, t.run_id, { cron: "30 8 * * 1-5" }));
    expect(good.recurrence).toEqual({ cron: "30 8 * * 1-5", timezone: "Africa/Nairobi", starts_at: null, ends_at: null, max_occurrences: null });
  });
});
