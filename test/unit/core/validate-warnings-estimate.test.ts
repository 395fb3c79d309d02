import { describe, expect, test } from "vitest";
import { countSmsParts } from "../../../core/index.ts";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { campaign, observe } from "./core-test-kit.ts";


describe("validate: warnings that do not block", () => {
  test("a UCS-2 character is named in a warning and the campaign stays valid", async () => {
    const h = await createHarness();
    const [p1, p2] = ukMobiles(2);
    const id = await campaign(h, { contacts: [{ phone: p1!, name: "Zoë" }, { phone: p2!, name: "Ann" }], body: "Karibu {{name}}" });
    must(await h.service.createRun(h.a, id, { scheduled_at: h.clock.now() }));
    const v = must(await h.service.validate(h.a, id));
    expect(v.valid).toBe(true);
    expect(v.issues).toEqual([]);
    expect(v.warnings).toEqual([
      "Character 'ë' (U+00EB) makes the messages that contain it UCS-2: 70 characters per part (67 when split) instead of 160 (153)",
    ]);
    expect(v.estimated_cost).toEqual({ SMS: 2 });
  });

  test("a placeholder missing for some recipients is a warning; they are left out of the estimate", async () => {
    const h = await createHarness();
    const [p1, p2, p3] = ukMobiles(3);
    const id = await campaign(h, {
      contacts: [
        { phone: p1!, name: "Ann", attributes: { city: "Arusha" } },
        { phone: p2!, name: "Ben", attributes: { city: "Moshi" } },
        { phone: p3!, name: "Cat" },
      ],
      body: "Hi {{name}} from {{city}}",
    });
    must(await h.service.createRun(h.a, id, { scheduled_at: h.clock.now() }));
    const v = must(await h.service.validate(h.a, id));
    expect(v).toEqual({
      valid: true,
      issues: [],
      warnings: ["Placeholder {{city}} is missing for 1 recipients; they will be skipped"],
      estimated_cost: { SMS: 2 },
    });
  });

  test("a cron whose day fields combine with OR is a warning", async () => {
    const h = await createHarness();
    const id = await campaign(h, { contacts: [{ phone: ukMobiles(1)[0]!, name: "Ann" }], body: "Hi" });
    must(await h.service.createRun(h.a, id, { cron: "0 9 1 * 1", timezone: "Europe/London" }));
    const v = must(await h.service.validate(h.a, id));
    expect(v).toEqual({
      valid: true,
      issues: [],
      warnings: ["Cron '0 9 1 * 1' fires when either day-of-month or day-of-week matches (POSIX OR)"],
      estimated_cost: { SMS: 1 },
    });
  });
});

describe("validate: the estimate", () => {
  test("estimated_cost is the sum of the parts of each rendered message", async () => {
    // given names that put the rendered messages at 1 GSM part, 2 GSM parts, 3 UCS-2 parts and 2 GSM parts
    // (the last only because '~' counts twice)
    const h = await createHarness();
    const names = ["Al", "Alexandra-Mae", "Zoë", "Kim~~~~~~"];
    const phones = ukMobiles(names.length);
    const body = `Hello {{name}}, ${"x".repeat(140)}`;
    const id = await campaign(h, { contacts: names.map((name, i) => ({ phone: phones[i]!, name })), body });
    must(await h.service.createRun(h.a, id, { scheduled_at: h.clock.now() }));
    // computed independently: render by hand, count with the part counter
    const perMessage = names.map((name) => countSmsParts(body.replace("{{name}}", name)).parts);
    expect(perMessage).toEqual([1, 2, 3, 2]);
    // when validated
    const v = must(await h.service.validate(h.a, id));
    // then
    expect(v.valid).toBe(true);
    expect(v.estimated_cost).toEqual({ SMS: 8 });
  });

  test("validate changes nothing a client can observe", async () => {
    // given a launchable campaign, an unlaunchable one (short balance), and a recurring template
    const h = await createHarness({ balance: 5 });
    const good = await readyCampaign(h, ukMobiles(3), { body: "Hi" });
    const poor = await readyCampaign(h, ukMobiles(9, 100), { body: "Hi" });
    const recId = await campaign(h, { contacts: ukMobiles(2, 200).map((phone) => ({ phone })), body: "Hi" });
    must(await h.service.createRun(h.a, recId, { cron: "0 9 * * *", timezone: "Europe/London", max_occurrences: 3 }));
    const rec = { campaign_id: recId };
    const before = await Promise.all([good, poor, rec].map((c) => observe(h, c.campaign_id)));
    // when each is validated twice
    for (const c of [good, poor, rec]) {
      must(await h.service.validate(h.a, c.campaign_id));
      must(await h.service.validate(h.a, c.campaign_id));
    }
    // then everything observable is as it was, and the worker finds nothing to do
    const after = await Promise.all([good, poor, rec].map((c) => observe(h, c.campaign_id)));
    expect(after).toEqual(before);
    expect(before[0]!.campaign.status).toBe("draft");
    expect(before[0]!.balance.balance).toBe(5);
    expect(before[2]!.runs.map((r) => r.status)).toEqual(["ready"]);
    expect((await h.worker.tick()).dispatched).toBeNull();
    expect(h.gateway.sent).toHaveLength(0);
  });
});
