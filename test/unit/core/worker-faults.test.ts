import { describe, expect, test } from "vitest";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { expectCountersAddUp, probedHarness, recipientStatuses, runOf, sentPhones } from "./core-test-kit.ts";

const P = ukMobiles(6);

async function launched(h: Harness, phones: readonly string[]) {
  const c = await readyCampaign(h, phones, { body: "Hi" });
  must(await h.service.launch(h.a, c.campaign_id, {}));
  return c;
}

describe("worker: provider rejections", () => {
  test("numbers the provider rejects end FAILED and the run still completes", async () => {
    const h = await createHarness({ config: { batchSize: 2 }, simulator: { failNumbers: [P[1]!, P[4]!] } });
    const c = await launched(h, P);
    await h.worker.drain();
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({
      [P[0]!]: "SENT", [P[1]!]: "FAILED", [P[2]!]: "SENT", [P[3]!]: "SENT", [P[4]!]: "FAILED", [P[5]!]: "SENT",
    });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 4, failed: 2, pending: 0, failure_reason: null });
    // rejected messages are not charged
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 4, refunded: 2 });
    const page = must(await h.service.listRecipients(h.a, c.campaign_id, c.run_id, { status: "FAILED", limit: 10 }));
    expect(page.items.map((r) => [r.phone, r.error])).toEqual([
      [P[1], "rejected by provider: number not reachable"],
      [P[4], "rejected by provider: number not reachable"],
    ]);
  });

  test("a run whose every message is rejected fails with all_messages_failed and is fully refunded", async () => {
    const h = await createHarness({ simulator: { failNumbers: P.slice(0, 3) } });
    const c = await launched(h, P.slice(0, 3));
    await h.worker.drain();
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "failed", failure_reason: "all_messages_failed", failed: 3, sent: 0 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 3, consumed: 0, refunded: 3 });
    expect(must(await h.service.balance(h.a)).balance).toBe(1_000_000);
  });
});

describe("worker: provider transport failure", () => {
  test("while the provider is unreachable nothing is lost; the run continues once it is back", async () => {
    // given 6 recipients in batches of 2, the provider failing from the third call on
    const { h, probe } = await probedHarness({ config: { batchSize: 2 } });
    const c = await launched(h, P);
    probe.before = (n) => {
      if (n === 3) h.gateway.unreachable = true;
    };
    // when the worker ticks through the outage (fewer ticks than the error limit)
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await h.worker.tick()).dispatched?.outcome);
    // then it stopped at the failed call each time, and the unsent are still pending
    expect(outcomes).toEqual(["provider_error", "provider_error", "provider_error"]);
    expect(sentPhones(h)).toEqual(P.slice(0, 2));
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "running", sent: 2, pending: 4 });
    await expectCountersAddUp(h, c.campaign_id);
    // when the provider is back
    h.gateway.unreachable = false;
    probe.before = null;
    await h.worker.drain();
    // then everyone got exactly one message
    expect(sentPhones(h)).toEqual(P);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 6, pending: 0 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 6, consumed: 6, refunded: 0 });
  });

  test("a provider down for maxProviderErrors consecutive attempts fails the run as provider_unavailable, refunded and retryable", async () => {
    const h = await createHarness({ config: { maxProviderErrors: 3 } });
    const c = await launched(h, P.slice(0, 2));
    h.gateway.unreachable = true;
    const reports = await h.worker.drain();
    expect(reports.map((r) => r.dispatched?.outcome)).toEqual(["provider_error", "provider_error", "failed", undefined]);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "failed", failure_reason: "provider_unavailable", pending: 2 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 2, consumed: 0, refunded: 2 });
    h.gateway.unreachable = false;
    h.clock.advance(1_000);
    must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(P.slice(0, 2));
  });
});

describe("worker: flag store down (fail closed)", () => {
  test("with the flag store down the worker makes no provider call until it is back", async () => {
    const h = await createHarness({ config: { batchSize: 2 } });
    const c = await launched(h, P);
    h.stores.flags.availability.up = false;
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await h.worker.tick()).dispatched?.outcome);
    expect(outcomes).toEqual(["flags_unavailable", "flags_unavailable", "flags_unavailable"]);
    expect(h.gateway.sent).toHaveLength(0);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "running", sent: 0, pending: 6 });
    h.stores.flags.availability.up = true;
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(P);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 6 });
  });

  test("the flag store going down mid-batch stops sending after the call in flight", async () => {
    const { h, probe } = await probedHarness({ config: { batchSize: 6 } });
    const c = await launched(h, P);
    probe.before = (n) => {
      if (n === 2) h.stores.flags.availability.up = false;
    };
    const tick = await h.worker.tick();
    expect(tick.dispatched?.outcome).toBe("flags_unavailable");
    expect(probe.calls).toBe(2);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ sent: 2, pending: 4 });
    await expectCountersAddUp(h, c.campaign_id);
    probe.before = null;
    h.stores.flags.availability.up = true;
    await h.worker.drain();
    expect(sentPhones(h)).toEqual(P);
  });
});

describe("worker: suppression and counters", () => {
  test("a number suppressed after launch is SKIPPED at send time and its units refunded", async () => {
    const h = await createHarness();
    const c = await launched(h, P.slice(0, 4));
    must(await h.service.suppress(h.a, [P[2]!]));
    await h.worker.drain();
    expect(sentPhones(h)).toEqual([P[0], P[1], P[3]]);
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({ [P[0]!]: "SENT", [P[1]!]: "SENT", [P[2]!]: "SKIPPED", [P[3]!]: "SENT" });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", recipient_count: 4, sent: 3, skipped: 1 });
    expect(await h.stores.ledger.totals(c.run_id)).toEqual({ reserved: 4, consumed: 3, refunded: 1 });
  });

  test("counters add up after every provider call of a mixed run", async () => {
    // given rejections, a suppression mid-run, a pause and a resume, and delivery reports
    const { h, probe } = await probedHarness({ config: { batchSize: 2 }, failNumbers: [P[1]!] });
    const c = await launched(h, P);
    const snapshots: { sent: number; failed: number; skipped: number; pending: number; delivered: number }[] = [];
    probe.before = async (n) => {
      const r = await runOf(h, c.campaign_id, c.run_id);
      snapshots.push({ sent: r.sent, failed: r.failed, skipped: r.skipped, pending: r.pending, delivered: r.delivered });
      await expectCountersAddUp(h, c.campaign_id);
      if (n === 1) must(await h.service.suppress(h.a, [P[4]!]));
      if (n === 2) must(await h.service.pause(h.a, c.campaign_id));
      const first = h.gateway.sent[0];
      if (first) await h.service.deliveryReport("sim", { provider_message_id: first.provider_message_id!, status: "DELIVERED" });
    };
    await h.worker.tick();
    must(await h.service.resume(h.a, c.campaign_id));
    await h.worker.drain();
    await expectCountersAddUp(h, c.campaign_id);
    // results are recorded per batch: the count moves at batch boundaries
    expect(snapshots.map((s) => s.sent + s.failed)).toEqual([0, 0, 2, 2, 4]);
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({
      status: "completed", recipient_count: 6, sent: 4, failed: 1, skipped: 1, pending: 0, delivered: 1,
    });
  });
});
