import { describe, expect, test } from "vitest";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { HOUR, runOf, sentPhones } from "./core-test-kit.ts";

/** Claims the campaign's due run as another (silent) worker would. */
async function claimElsewhere(h: Harness) {
  const now = h.clock.now();
  return h.stores.runs.claimNext({ now, windowStart: now - 24 * HOUR, owner: "elsewhere", leaseMs: 60_000 });
}

describe("launch: refusals", () => {
  test("a launch that fails validation is a conflict carrying the validation result (the dual envelope)", async () => {
    // given a campaign whose only group is empty
    const h = await createHarness();
    const c = await readyCampaign(h, []);
    // when launched
    const result = await h.service.launch(h.a, c.campaign_id, {});
    // then a conflict whose data is the validation view; nothing changed
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "conflict",
        message: "Validation failed",
        data: { valid: false, issues: ["Audience is empty"], warnings: [], estimated_cost: {} },
      },
    });
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("draft");
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("ready");
  });

  test("a launch the balance cannot pay for is a conflict and reserves nothing", async () => {
    const h = await createHarness({ balance: 2 });
    const c = await readyCampaign(h, ukMobiles(3), { body: "Hi" });
    const result = await h.service.launch(h.a, c.campaign_id, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: "conflict", message: "Validation failed" });
    expect((result.error as { data: { issues: string[] } }).data.issues).toEqual(["Insufficient balance: the run needs 3 units, the workspace has 2"]);
    expect(must(await h.service.balance(h.a)).balance).toBe(2);
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("ready");
  });

  test("a launch with no ready run left answers the seed's 400", async () => {
    // given a campaign whose only run was launched already
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // when launched again
    const again = await h.service.launch(h.a, c.campaign_id, {});
    // then
    expect(again).toEqual({ ok: false, error: { kind: "invalid", message: "No 'ready' run available for this campaign", field: "run_id" } });
  });

  test("a run_id of another campaign (or of nothing) is a 404", async () => {
    const h = await createHarness();
    const mine = await readyCampaign(h, ukMobiles(2));
    const other = await readyCampaign(h, ukMobiles(2, 10));
    for (const runId of [other.run_id, "run_01KZZZZZZZZZZZZZZZZZZZZZZZ"]) {
      const result = await h.service.launch(h.a, mine.campaign_id, { run_id: runId });
      expect(result).toEqual({
        ok: false,
        error: { kind: "not_found", message: `Run '${runId}' does not belong to campaign '${mine.campaign_id}'`, field: "run_id" },
      });
    }
    // and neither run moved
    expect((await runOf(h, other.campaign_id, other.run_id)).status).toBe("ready");
    expect((await runOf(h, mine.campaign_id, mine.run_id)).status).toBe("ready");
  });

  test("a targeted run that is running, completed, failed or cancelled cannot be re-triggered (409)", async () => {
    const h = await createHarness({ simulator: { failNumbers: ukMobiles(1, 50) } });
    const conflictFor = async (campaignId: string, runId: string, shown: string) =>
      expect(await h.service.launch(h.a, campaignId, { run_id: runId })).toEqual({
        ok: false,
        error: { kind: "conflict", message: `Run '${runId}' is ${shown} and cannot be re-triggered` },
      });

    // running (claimed by a worker, shown as running)
    const running = await readyCampaign(h, ukMobiles(1));
    must(await h.service.launch(h.a, running.campaign_id, {}));
    expect((await claimElsewhere(h))?.run_id).toBe(running.run_id);
    await conflictFor(running.campaign_id, running.run_id, "running");

    // completed
    h.clock.advance(61_000);
    await h.worker.drain();
    expect((await runOf(h, running.campaign_id, running.run_id)).status).toBe("completed");
    await conflictFor(running.campaign_id, running.run_id, "completed");

    // failed (every message rejected)
    const failed = await readyCampaign(h, ukMobiles(1, 50));
    must(await h.service.launch(h.a, failed.campaign_id, {}));
    await h.worker.drain();
    expect((await runOf(h, failed.campaign_id, failed.run_id)).status).toBe("failed");
    await conflictFor(failed.campaign_id, failed.run_id, "failed");

    // cancelled
    const cancelled = await readyCampaign(h, ukMobiles(1, 60), { at: h.clock.now() + HOUR });
    must(await h.service.launch(h.a, cancelled.campaign_id, {}));
    must(await h.service.cancel(h.a, cancelled.campaign_id));
    await conflictFor(cancelled.campaign_id, cancelled.run_id, "cancelled");
  });
});

describe("launch: success", () => {
  test("launch returns the run as scheduled and the campaign becomes scheduled", async () => {
    // given a run due at 14:00
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(3), { at: Date.parse("2026-05-12T14:00:00.000Z") });
    // when launched
    const view = must(await h.service.launch(h.a, c.campaign_id, {}));
    // then
    expect(view).toEqual({
      run_id: c.run_id,
      campaign_id: c.campaign_id,
      status: "scheduled",
      scheduled_at: "2026-05-12T14:00:00.000Z",
      recipient_count: 3,
    });
    const campaign = must(await h.service.getCampaign(h.a, c.campaign_id));
    expect(campaign.status).toBe("scheduled");
    expect(campaign.launched_at).toBe("2026-05-12T12:00:00.000Z");
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "scheduled", recipient_count: 3, pending: 3, total_batches: 1 });
  });

  test("launch without run_id takes the earliest dated ready run, and an undated one only when no dated run is left", async () => {
    // given runs created in the order: undated, 14:00, 13:00
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(1), { at: null });
    const at14 = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: Date.parse("2026-05-12T14:00:00.000Z") }));
    const at13 = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: Date.parse("2026-05-12T13:00:00.000Z") }));
    // when launched three times
    expect(must(await h.service.launch(h.a, c.campaign_id, {})).run_id).toBe(at13.run_id);
    expect(must(await h.service.launch(h.a, c.campaign_id, {})).run_id).toBe(at14.run_id);
    const third = await h.service.launch(h.a, c.campaign_id, {});
    // then the undated run comes last, and fails validation for want of a time
    expect(third).toMatchObject({ ok: false, error: { kind: "conflict", data: { issues: [`Run '${c.run_id}' has no scheduled_at`] } } });
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("ready");
  });

  test("launch by run_id triggers that run, not the earliest", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    const later = must(await h.service.createRun(h.a, c.campaign_id, { scheduled_at: h.clock.now() + HOUR }));
    const view = must(await h.service.launch(h.a, c.campaign_id, { run_id: later.run_id }));
    expect(view.run_id).toBe(later.run_id);
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("ready");
  });

  test("the recipient list is fixed at launch: contacts imported later are not sent to", async () => {
    // given a launched run of 3
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(3));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    // when 2 more contacts join the group before the worker runs
    const report = must(await h.service.importContacts(h.a, c.group_id, ukMobiles(2, 100).map((phone) => ({ phone }))));
    expect(report.contact_count).toBe(5);
    await h.worker.drain();
    // then only the original 3 were sent
    expect(sentPhones(h)).toEqual(ukMobiles(3));
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", recipient_count: 3, sent: 3 });
  });

  test("launch reserves the estimated units, and the worker consumes them", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(3), { body: `Long ${"x".repeat(160)}` }); // 2 parts each
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000 - 6);
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 0, refunded: 0 });
    await h.worker.drain();
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 6, refunded: 0 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000 - 6);
  });
});
