import { describe, expect, test } from "vitest";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { campaign, HOUR } from "./core-test-kit.ts";


describe("validate: issues, all at once", () => {
  test("an empty campaign gets a result (not an error) naming every problem", async () => {
    // given a campaign with no channel, no audience and no runs
    const h = await createHarness();
    const id = await campaign(h, { channel: false });
    // when it is validated
    const result = await h.service.validate(h.a, id);
    // then it is a result with every issue, no estimate
    expect(result).toEqual({
      ok: true,
      value: {
        valid: false,
        issues: ["Campaign has no message channel", "Audience is empty", "Campaign has no runs"],
        warnings: [],
        estimated_cost: {},
      },
    });
  });

  test("missing content, a group with no contacts and a run without scheduled_at are all reported", async () => {
    // given an SMS campaign with an empty group attached, no content, and a run without a time
    const h = await createHarness();
    const id = await campaign(h, { contacts: [] });
    const run = must(await h.service.createRun(h.a, id, {}));
    // when validated
    const v = must(await h.service.validate(h.a, id));
    // then
    expect(v).toEqual({
      valid: false,
      issues: ["No content for channel 'sms'", "Audience is empty", `Run '${run.run_id}' has no scheduled_at`],
      warnings: [],
      estimated_cost: {},
    });
  });

  test("a group whose every contact is suppressed counts as an empty audience", async () => {
    const h = await createHarness();
    const phones = ukMobiles(2);
    const c = await readyCampaign(h, phones);
    must(await h.service.suppress(h.a, phones));
    expect(must(await h.service.validate(h.a, c.campaign_id)).issues).toEqual(["Audience is empty"]);
  });

  test("a run scheduled before the pickup window is an issue", async () => {
    // given a run scheduled 24 h + 1 ms ago (the window is 24 h)
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(3), { at: Date.parse("2026-05-11T11:59:59.999Z") });
    const v = must(await h.service.validate(h.a, c.campaign_id));
    expect(v.valid).toBe(false);
    expect(v.issues).toEqual([
      `Run '${c.run_id}' is scheduled at 2026-05-11T11:59:59.999Z, before the pickup window; give it a new scheduled_at`,
    ]);
    // and exactly at the window's edge it is fine
    const ok = await readyCampaign(h, ukMobiles(3), { at: Date.parse("2026-05-11T12:00:00.000Z") });
    expect(must(await h.service.validate(h.a, ok.campaign_id)).valid).toBe(true);
  });

  test("insufficient balance is an issue naming the need and the balance", async () => {
    const h = await createHarness({ balance: 2 });
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hello" });
    expect(must(await h.service.validate(h.a, c.campaign_id))).toEqual({
      valid: false,
      issues: ["Insufficient balance: the run needs 3 units, the workspace has 2"],
      warnings: [],
      estimated_cost: {},
    });
  });

  test("a balance exactly equal to the estimate is enough, and launch then leaves 0", async () => {
    const h = await createHarness({ balance: 3 });
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hello" });
    expect(must(await h.service.validate(h.a, c.campaign_id))).toMatchObject({ valid: true, issues: [], estimated_cost: { SMS: 3 } });
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(must(await h.service.balance(h.a)).balance).toBe(0);
  });

  test("validate answers 403 for another workspace's campaign and 404 for none (the only non-results)", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(1));
    expect(await h.service.validate(h.b, c.campaign_id)).toEqual({ ok: false, error: { kind: "forbidden", message: "API key does not own this campaign" } });
    expect(await h.service.validate(h.a, "camp_01KZZZZZZZZZZZZZZZZZZZZZZZ")).toEqual({
      ok: false,
      error: { kind: "not_found", message: "Campaign 'camp_01KZZZZZZZZZZZZZZZZZZZZZZZ' does not exist", field: "campaign_id" },
    });
  });

  test("insufficient balance is reported together with the run's own issue (all problems at once)", async () => {
    // given a workspace with 1 unit, 3 recipients, and a run scheduled before the pickup window
    const h = await createHarness({ balance: 1 });
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hello", at: Date.parse("2026-05-11T11:00:00.000Z") });
    // when validated
    const v = must(await h.service.validate(h.a, c.campaign_id));
    // then both problems are listed
    expect(v.issues).toEqual([
      `Run '${c.run_id}' is scheduled at 2026-05-11T11:00:00.000Z, before the pickup window; give it a new scheduled_at`,
      "Insufficient balance: the run needs 3 units, the workspace has 1",
    ]);
  });

  test("a placeholder no recipient can fill is an issue, reported with a bad cron on the selected template", async () => {
    // given content using {{city}} that no contact has, and a recurring template whose stored cron is invalid
    const h = await createHarness();
    const id = await campaign(h, { contacts: [{ phone: ukMobiles(1)[0]!, name: "Ann" }], body: "Hi {{name}} in {{city}}" });
    const template = must(await h.service.createRun(h.a, id, { cron: "0 9 * * *", timezone: "Europe/London" }));
    const bad = { cron: "61 9 * * *", timezone: "Europe/London", starts_at: null, ends_at: null, max_occurrences: null };
    await h.stores.runs.update(template.run_id, {}, { recurrence: bad });
    const check = h.deps.cron.check("61 9 * * *", "Europe/London");
    expect(check.ok).toBe(false);
    // when validated
    const v = must(await h.service.validate(h.a, id));
    // then both issues are there
    expect(v.valid).toBe(false);
    expect(v.issues).toEqual([
      "Placeholder {{city}} cannot be filled for any recipient",
      `Run '${template.run_id}': ${check.ok ? "" : check.issue}`,
    ]);
    expect(v.issues[1]).toContain("61 9 * * *");
    expect(v.estimated_cost).toEqual({});
  });

  test("an unknown time zone on the selected template is an issue", async () => {
    const h = await createHarness();
    const id = await campaign(h, { contacts: [{ phone: ukMobiles(1)[0]!, name: "Ann" }], body: "Hi" });
    const template = must(await h.service.createRun(h.a, id, { cron: "0 9 * * *", timezone: "Europe/London" }));
    await h.stores.runs.update(template.run_id, {}, { recurrence: { cron: "0 9 * * *", timezone: "Mars/Olympus", starts_at: null, ends_at: null, max_occurrences: null } });
    expect(must(await h.service.validate(h.a, id)).issues).toEqual([`Run '${template.run_id}': Unknown time zone 'Mars/Olympus'`]);
  });

  test("a template with no occurrence before its end is an issue", async () => {
    const h = await createHarness();
    const id = await campaign(h, { contacts: [{ phone: ukMobiles(1)[0]!, name: "Ann" }], body: "Hi" });
    const endsAt = h.clock.now() + HOUR; // 13:00Z; the first 09:00 London firing is tomorrow
    const t = must(await h.service.createRun(h.a, id, { cron: "0 9 * * *", timezone: "Europe/London", ends_at: endsAt }));
    expect(must(await h.service.validate(h.a, id)).issues).toEqual([
      `Run '${t.run_id}' has no occurrence between 2026-05-12T12:00:00.000Z and 2026-05-12T13:00:00.000Z`,
    ]);
  });
});
