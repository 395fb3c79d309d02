import { describe, expect, it } from "vitest";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";

/** A run retried twice must not send again to anyone the first retry reached. */
describe("retrying the same run again", () => {
  async function failedRun() {
    const phones = ukMobiles(6);
    const h = await createHarness({ simulator: { failNumbers: phones } });
    const c = await readyCampaign(h, phones);
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    return { h, c, phones };
  }

  it("is refused while an earlier retry of it has not finished", async () => {
    const { h, c } = await failedRun();
    const first = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    const second = await h.service.retry(h.a, c.campaign_id, c.run_id);
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.kind).toBe("conflict");
      expect(second.error.message).toContain(first.run_id);
    }
  });

  it("excludes recipients an earlier retry reached, even though the source run still shows them FAILED", async () => {
    const { h, c, phones } = await failedRun();
    // The first retry reaches two of the six that failed: the provider stops rejecting them.
    const gateway = h.gateway as unknown as { send: typeof h.gateway.send };
    const original = gateway.send.bind(h.gateway);
    const reachable = new Set(phones.slice(0, 2));
    gateway.send = (m) => (reachable.has(m.to) ? Promise.resolve({ accepted: true, provider_message_id: `ok-${m.idempotency_key}` }) : original(m));
    const first = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(first.recipient_count).toBe(6);
    await h.worker.drain();
    const firstRun = must(await h.service.getRun(h.a, c.campaign_id, first.run_id));
    expect(firstRun.status).toBe("completed");
    expect(firstRun.failed).toBe(4);
    expect(firstRun.sent).toBe(2);

    const second = must(await h.service.retry(h.a, c.campaign_id, c.run_id));
    expect(second.recipient_count).toBe(4);
    const recipients = must(await h.service.listRecipients(h.a, c.campaign_id, second.run_id, { limit: 10 }));
    expect(recipients.items.map((r) => r.phone).sort()).toEqual(phones.slice(2).sort());
  });
});
