import { describe, expect, test } from "vitest";
import type { CampaignService } from "../../../core/index.ts";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { recipientStatuses, runOf } from "./core-test-kit.ts";

const P = ukMobiles(3);

async function sentRun(h: Harness) {
  const c = await readyCampaign(h, P, { body: "Hi" });
  must(await h.service.launch(h.a, c.campaign_id, {}));
  await h.worker.drain();
  const ids = h.gateway.sent.map((s) => s.provider_message_id!);
  return { c, ids };
}

const report = async (h: Harness, id: string, status: "DELIVERED" | "FAILED") =>
  must(await h.service.deliveryReport("sim", { provider_message_id: id, status })).outcome;

describe("delivery reports", () => {
  test("a report moves a SENT message to DELIVERED or FAILED", async () => {
    const h = await createHarness();
    const { c, ids } = await sentRun(h);
    expect(await report(h, ids[0]!, "DELIVERED")).toBe("applied");
    expect(await report(h, ids[1]!, "FAILED")).toBe("applied");
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({ [P[0]!]: "DELIVERED", [P[1]!]: "FAILED", [P[2]!]: "SENT" });
    // a message the handset never got counts as failed, not sent
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ recipient_count: 3, sent: 2, delivered: 1, failed: 1, pending: 0 });
  });

  test("a duplicate report changes nothing", async () => {
    const h = await createHarness();
    const { c, ids } = await sentRun(h);
    expect(await report(h, ids[0]!, "DELIVERED")).toBe("applied");
    expect(await report(h, ids[0]!, "DELIVERED")).toBe("ignored");
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ sent: 3, delivered: 1 });
  });

  test("reports out of order never move a message backwards", async () => {
    const h = await createHarness();
    const { c, ids } = await sentRun(h);
    // DELIVERED then a stale FAILED
    expect(await report(h, ids[0]!, "DELIVERED")).toBe("applied");
    expect(await report(h, ids[0]!, "FAILED")).toBe("ignored");
    // FAILED then a stale DELIVERED
    expect(await report(h, ids[1]!, "FAILED")).toBe("applied");
    expect(await report(h, ids[1]!, "DELIVERED")).toBe("ignored");
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({ [P[0]!]: "DELIVERED", [P[1]!]: "FAILED", [P[2]!]: "SENT" });
  });

  test("a late report, after the run completed, is still applied and counted", async () => {
    const h = await createHarness();
    const { c, ids } = await sentRun(h);
    expect((await runOf(h, c.campaign_id, c.run_id)).status).toBe("completed");
    h.clock.advance(3 * 24 * 3_600_000);
    expect(await report(h, ids[2]!, "DELIVERED")).toBe("applied");
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ status: "completed", sent: 3, delivered: 1 });
    const r = must(await h.service.report(h.a, c.campaign_id));
    expect(r.totals).toMatchObject({ sent: 3, delivered: 1 });
    expect(r.totals.delivery_rate).toBeCloseTo(1 / 3, 10);
  });

  test("a report that arrives before its send is recorded is kept and applied when the send is recorded", async () => {
    // given a provider that reports delivery synchronously, inside the send call
    const outcomes: string[] = [];
    const box: { service: CampaignService | null } = { service: null };
    const h = await createHarness({
      simulator: {
        dlrDelayMs: 0,
        schedule: (_ms, fn) => fn(),
        onDeliveryReport: async (id, status) => {
          outcomes.push(must(await box.service!.deliveryReport("sim", { provider_message_id: id, status })).outcome);
        },
      },
    });
    box.service = h.service;
    const { c } = await sentRun(h);
    // then each report was unknown on arrival, and applied when the worker recorded the send
    expect(outcomes).toEqual(["unknown", "unknown", "unknown"]);
    expect(await recipientStatuses(h, c.campaign_id, c.run_id)).toEqual({ [P[0]!]: "DELIVERED", [P[1]!]: "DELIVERED", [P[2]!]: "DELIVERED" });
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ sent: 3, delivered: 3, pending: 0 });
  });

  test("a report for an id no send ever had is answered unknown and changes nothing", async () => {
    const h = await createHarness();
    const { c } = await sentRun(h);
    expect(await report(h, "sim-nonexistent", "DELIVERED")).toBe("unknown");
    expect(await runOf(h, c.campaign_id, c.run_id)).toMatchObject({ sent: 3, delivered: 0 });
  });
});
