import { describe, expect, test } from "vitest";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { expectCountersAddUp, HOUR, probedHarness, recipientStatuses, runOf, sentPhones } from "./core-test-kit.ts";

const P = ukMobiles(6);

/**
 * Six recipients, batches of 2, P[1] rejected by the provider; cancelled while P[2] is in flight; then a delivery
 * report for P[0]. Latest statuses: P0 DELIVERED, P1 FAILED, P2 SENT, P3-P5 PENDING.
 */
async function mixedCancelledRun() {
  const { h, probe } = await probedHarness({ config: { batchSize: 2 }, failNumbers: [P[1]!] });
  const c = await readyCampaign(h, P);
  must(await h.service.launch(h.a, c.campaign_id, {}));
  probe.before = async (n) => {
    if (n === 3) must(await h.service.cancel(h.a, c.campaign_id));
  };
  await h.worker.tick();
  probe.before = null;
  const first = h.gateway.sent[0]!;
  expect(must(await h.service.deliveryReport("sim", { provider_message_id: first.provider_message_id!, status: "DELIVERED" }))).toEqual({ outcome: "applied" });
  expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({
    [P[0]!]: "DELIVERED", [P[1]!]: "FAILED", [P[2]!]: "SENT", [P[3]!]: "PENDING", [P[4]!]: "PENDING", [P[5]!]: "PENDING",
  });
  return { h, c };
}

const retryRefused = (status: string) => ({
  ok: false,
  error: { kind: "invalid", message: `Only FAILED or CANCELLED runs can be retried. Current status: '${status}'`, field: "run_id" },
});

describe("retry: which runs", () => {
  test("only failed or cancelled runs can be retried; others get the seed's exact 400", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 1 } });
    const c = await readyCampaign(h, ukMobiles(2));
    // ready
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual(retryRefused("ready"));
    // scheduled
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual(retryRefused("scheduled"));
    // claimed is shown as running
    const now = h.clock.now();
    await h.stores.runs.claimNext({ now, windowStart: now - 24 * HOUR, owner: "elsewhere", leaseMs: 60_000 });
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual(retryRefused("running"));
    // paused
    h.clock.advance(60_000);
    probe.before = async (n) => {
      if (n === 1) must(await h.service.pause(h.a, c.campaign_id));
    };
    await h.worker.tick();
    probe.before = null;
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual(retryRefused("paused"));
    // completed
    must(await h.service.resume(h.a, c.campaign_id));
    await h.worker.drain();
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual(retryRefused("completed"));
    expect(must(await h.service.listRuns(h.a, c.campaign_id))).toHaveLength(1);
  });

  test("retry of a run of another campaign is a 404", async () => {
    const { h, c } = await mixedCancelledRun();
    const other = await readyCampaign(h, ukMobiles(1, 100));
    expect(await h.service.retry(h.a, other.campaign_id, c.run_id)).toEqual({
      ok: false,
      error: { kind: "not_found", message: `Run '${c.run_id}' does not belong to campaign '${other.campaign_id}'`, field: "run_id" },
    });
  });
});

describe("retry: the new run", () => {
  test("retry excludes SENT and DELIVERED recipients and includes FAILED and never-dispatched ones", async () => {
    const { h, c } = await mixedCancelledRun();
    h.clock.advance(5 * 60_000);
    const retried = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(await recipientStatuses(h, c.campaign_id, retried.run_id)).toEqual({
      [P[1]!]: "PENDING", [P[3]!]: "PENDING", [P[4]!]: "PENDING", [P[5]!]: "PENDING",
    });
    // when the worker runs it, exactly those four are handed over (P1 is rejected again)
    const before = h.gateway.sent.length;
    await h.worker.drain();
    expect(sentPhones(h).slice(before)).toEqual([P[1], P[3], P[4], P[5]]);
    expect(await runOf(h, c.campaign_id, retried.run_id)).toMatchObject({ status: "completed", recipient_count: 4, sent: 3, failed: 1 });
    await expectCountersAddUp(h, c.campaign_id);
  });

  test("retry creates a new run, scheduled now, pointing back at its source", async () => {
    const { h, c } = await mixedCancelledRun();
    h.clock.set("2026-05-12T14:32:11.000Z");
    const retried = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(retried.run_id).not.toBe(c.run_id);
    expect(retried.run_id).toMatch(/^run_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(retried).toEqual({
      run_id: retried.run_id,
      campaign_id: c.campaign_id,
      status: "scheduled",
      scheduled_at: "2026-05-12T14:32:11.000Z",
      retry_of_run_id: c.run_id,
      recipient_count: 4,
    });
    expect(await runOf(h, c.campaign_id, retried.run_id)).toMatchObject({
      status: "scheduled", retry_of_run_id: c.run_id, scheduled_at: "2026-05-12T14:32:11.000Z", recipient_count: 4, pending: 4,
    });
    // the source is untouched
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "cancelled", sent: 2, delivered: 1, failed: 1, pending: 3 });
  });

  test("retry with nothing left to send is a 400", async () => {
    // given a run cancelled during the provider call of its last recipient: everyone is SENT
    const { h, probe } = await probedHarness({ config: { batchSize: 3 } });
    const c = await readyCampaign(h, ukMobiles(3));
    must(await h.service.launch(h.a, c.campaign_id, {}));
    probe.before = async (n) => {
      if (n === 3) must(await h.service.cancel(h.a, c.campaign_id));
    };
    await h.worker.tick();
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "cancelled", sent: 3, pending: 0 });
    // when retried
    expect(await h.service.retry(h.a, c.campaign_id, c.run_id)).toEqual({
      ok: false,
      error: { kind: "invalid", message: "Every recipient on the source run was already SENT or DELIVERED — nothing left to retry", field: "run_id" },
    });
    expect(must(await h.service.listRuns(h.a, c.campaign_id))).toHaveLength(1);
  });

  test("retry reserves units for exactly the recipients it will send", async () => {
    const { h, c } = await mixedCancelledRun();
    const balance = must(await h.service.balance(h.a)).balance;
    const retried = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(await h.stores.ledger.totals(retried.run_id)).toEqual({ reserved: 4, consumed: 0, refunded: 0 });
    expect(must(await h.service.balance(h.a)).balance).toBe(balance - 4);
  });
});

describe("retry on a cancelled campaign", () => {
  async function retryAndSend(h: Harness, campaignId: string, runId: string) {
    const retried = must(await h.service.retry(h.a, campaignId, runId));
    const before = h.gateway.sent.length;
    await h.worker.drain();
    return { retried, sentNow: sentPhones(h).slice(before) };
  }

  test("retry is allowed on a cancelled campaign: the campaign stays cancelled and the retry run is sent", async () => {
    const { h, c } = await mixedCancelledRun();
    h.clock.advance(1_000);
    const { retried, sentNow } = await retryAndSend(h, c.campaign_id, c.run_id);
    expect(sentNow).toEqual([P[1], P[3], P[4], P[5]]);
    expect((await runOf(h, c.campaign_id, retried.run_id)).status).toBe("completed");
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("cancelled");
  });

  test("a retry made in the same instant as the cancel is sent too", async () => {
    // given the campaign cancelled at 12:00:00.000 and retried at the same millisecond
    const { h, c } = await mixedCancelledRun();
    const { retried, sentNow } = await retryAndSend(h, c.campaign_id, c.run_id);
    // then the retry run is sent, not cancelled by the worker as if it predated the cancel
    expect(sentNow).toEqual([P[1], P[3], P[4], P[5]]);
    expect((await runOf(h, c.campaign_id, retried.run_id)).status).toBe("completed");
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("cancelled");
  });

  test("retry of a run cancelled before launch takes today's audience", async () => {
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    must(await h.service.cancel(h.a, c.campaign_id));
    h.clock.advance(1_000);
    const retried = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(retried).toMatchObject({ status: "scheduled", recipient_count: 2, retry_of_run_id: c.run_id });
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(ukMobiles(2));
  });
});
