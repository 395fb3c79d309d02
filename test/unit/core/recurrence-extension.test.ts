import { describe, expect, it } from "vitest";
import { createEngine } from "../../../core/engine.ts";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";

const DAY = 86_400_000;

/** Open-ended schedules are extended as time passes, and never get two children for one occurrence. */
describe("recurring schedules over time", () => {
  async function launchedDaily(horizonDays: number, horizonOccurrences = 500) {
    const h = await createHarness({ config: { horizonMs: horizonDays * DAY, horizonOccurrences } });
    const c = await readyCampaign(h, ukMobiles(2), { at: null });
    const template = must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Africa/Nairobi" }));
    must(await h.service.launch(h.a, c.campaign_id, { run_id: template.run_id }));
    return { h, c, template };
  }
  const children = async (h: Awaited<ReturnType<typeof launchedDaily>>["h"], campaignId: string, templateId: string) =>
    (await h.stores.runs.listByCampaign(campaignId)).filter((r) => r.parent_run_id === templateId);

  it("materialises the horizon at launch and extends it as the clock moves", async () => {
    const { h, c, template } = await launchedDaily(10);
    const first = await children(h, c.campaign_id, template.run_id);
    expect(first).toHaveLength(10);
    h.clock.advance(5 * DAY);
    await h.worker.drain();
    const later = await children(h, c.campaign_id, template.run_id);
    expect(later).toHaveLength(15);
    expect(later.map((r) => r.recurrence_index)).toEqual([...Array(15).keys()]);
    // 09:00 in Nairobi (UTC+3) is 06:00Z, every day.
    for (const r of later) expect(new Date(r.scheduled_at!).toISOString().slice(11)).toBe("06:00:00.000Z");
  });

  it("keeps at most the horizon's count of occurrences waiting", async () => {
    const { h, c, template } = await launchedDaily(90, 7);
    expect(await children(h, c.campaign_id, template.run_id)).toHaveLength(7);
    await h.worker.extendSchedules();
    await h.worker.extendSchedules();
    expect(await children(h, c.campaign_id, template.run_id)).toHaveLength(7);
  });

  it("two workers extending at once, and again after a restart, create each occurrence once", async () => {
    const { h, c, template } = await launchedDaily(10);
    h.clock.advance(30 * DAY);
    const other = createEngine(h.deps, "second-worker").worker;
    const restarted = createEngine(h.deps, "restarted-worker").worker;
    await Promise.all([h.worker.extendSchedules(), other.extendSchedules(), restarted.extendSchedules()]);
    await Promise.all([h.worker.extendSchedules(), other.extendSchedules()]);
    const all = await children(h, c.campaign_id, template.run_id);
    const indices = all.map((r) => r.recurrence_index);
    expect(new Set(indices).size).toBe(indices.length);
    const times = all.map((r) => r.scheduled_at);
    expect(new Set(times).size).toBe(times.length);
    expect([...indices].sort((a, b) => a! - b!)).toEqual([...Array(all.length).keys()]);
  });

  it("a repeated launch of a retired template creates nothing more", async () => {
    const { h, c, template } = await launchedDaily(10);
    const again = await h.service.launch(h.a, c.campaign_id, { run_id: template.run_id });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.kind).toBe("conflict");
    expect(await children(h, c.campaign_id, template.run_id)).toHaveLength(10);
  });
});
