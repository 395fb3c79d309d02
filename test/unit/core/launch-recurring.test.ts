import { describe, expect, test } from "vitest";
import { createHarness, must, ukMobiles } from "../../support/engine-harness.ts";
import { campaignWithoutRuns, runOf, sentPhones } from "./core-test-kit.ts";

const DAY = 24 * 3_600_000;

describe("launch: recurring templates", () => {
  test("launching a template materialises its occurrences as scheduled children and retires it", async () => {
    // given a daily 09:00 London template limited to 3 occurrences (London is on BST: 08:00Z)
    const h = await createHarness();
    const c = await campaignWithoutRuns(h, ukMobiles(2));
    const template = must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 3 }));
    expect(template.recurrence_index).toBeNull();
    // when launched
    const view = must(await h.service.launch(h.a, c.campaign_id, {}));
    // then
    const runs = must(await h.service.listRuns(h.a, c.campaign_id));
    const children = runs.filter((r) => r.parent_run_id === template.run_id);
    expect(children.map((r) => [r.recurrence_index, r.status, r.scheduled_at])).toEqual([
      [0, "scheduled", "2026-05-13T08:00:00.000Z"],
      [1, "scheduled", "2026-05-14T08:00:00.000Z"],
      [2, "scheduled", "2026-05-15T08:00:00.000Z"],
    ]);
    expect(new Set(children.map((r) => r.run_id)).size).toBe(3);
    expect(runs.find((r) => r.run_id === template.run_id)?.status).toBe("retired");
    expect(view).toMatchObject({ run_id: children[0]!.run_id, status: "scheduled", scheduled_at: "2026-05-13T08:00:00.000Z", recipient_count: 2 });
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("scheduled");
  });

  test("occurrences keep their wall-clock time across the end of daylight saving", async () => {
    const h = await createHarness({ start: "2026-10-23T12:00:00.000Z" });
    const c = await campaignWithoutRuns(h, ukMobiles(1));
    const template = must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 3 }));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    const children = must(await h.service.listRuns(h.a, c.campaign_id)).filter((r) => r.parent_run_id === template.run_id);
    expect(children.map((r) => r.scheduled_at)).toEqual(["2026-10-24T08:00:00.000Z", "2026-10-25T09:00:00.000Z", "2026-10-26T09:00:00.000Z"]);
  });

  test("an occurrence fixes its recipients when claimed: contacts added after launch are included", async () => {
    const h = await createHarness();
    const c = await campaignWithoutRuns(h, ukMobiles(2));
    must(await h.service.createRun(h.a, c.campaign_id, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 1 }));
    const first = must(await h.service.launch(h.a, c.campaign_id, {}));
    must(await h.service.importContacts(h.a, c.group_id, [{ phone: ukMobiles(1, 100)[0]!, name: "Late" }]));
    h.clock.set("2026-05-13T08:00:00.000Z");
    await h.worker.drain();
    expect(sentPhones(h).sort()).toEqual([...ukMobiles(2), ...ukMobiles(1, 100)].sort());
    expect(await runOf(h, c.campaign_id, first.run_id)).toMatchObject({ status: "completed", recipient_count: 3, sent: 3 });
  });

  test("a template whose first occurrence is beyond the horizon: validate and launch agree, and a refused launch changes nothing", async () => {
    // given a daily template starting in 100 days (the horizon is 90 days)
    const h = await createHarness();
    const c = await campaignWithoutRuns(h, ukMobiles(2), "Hi");
    const template = must(await h.service.createRun(h.a, c.campaign_id, {
      cron: "0 9 * * *", timezone: "Europe/London", starts_at: h.clock.now() + 100 * DAY,
    }));
    // when validated, then launched
    const valid = must(await h.service.validate(h.a, c.campaign_id)).valid;
    const launch = await h.service.launch(h.a, c.campaign_id, {});
    // then validate answered exactly "would launch succeed now?"
    expect(launch.ok).toBe(valid);
    // and the stored state matches the answer: launched and scheduled, or untouched
    expect((await runOf(h, c.campaign_id, template.run_id)).status).toBe(launch.ok ? "retired" : "ready");
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe(launch.ok ? "scheduled" : "draft");
  });
});
