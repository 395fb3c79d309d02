import { expect } from "vitest";
import type { Campaign, Run } from "../../../core/index.ts";
import { createHarness, type Harness, type HarnessOptions, must, readyCampaign } from "../../support/engine-harness.ts";
import { newRun } from "../../../core/use-cases/new-run.ts";

/** Fixtures and observers shared by the core behaviour tests. */

const HOUR = 3_600_000;
export const MINUTE = 60_000;
export { HOUR };

/** A run with every bookkeeping field at its starting value, overridden by `fields`. */
export function runFixture(fields: Partial<Run> & { run_id: string }): Run {
  return { ...newRun({ run_id: fields.run_id, campaign_id: "camp_x", workspace_id: "ws_a", status: "ready", scheduled_at: null }, 0), ...fields };
}

/** A campaign record, launched or not, overridden by `fields`. */
export function campaignFixture(fields: Partial<Campaign> = {}): Campaign {
  return {
    campaign_id: "camp_x",
    workspace_id: "ws_a",
    name: "Promo",
    description: null,
    message_channel_id: "sms",
    group_ids: [],
    content: {},
    launched_at: null,
    cancelled_at: null,
    created_at: 0,
    updated_at: 0,
    version: 1,
    ...fields,
  };
}

/** Hook run inside each simulated provider call, before the message is handed over (`n` is 1-based). */
export type BeforeSend = (n: number) => void | Promise<void>;

/**
 * A harness whose simulated provider calls `probe.before(n)` inside every call, before the message is handed
 * over: a test can pause, cancel or crash things while a provider call is in flight. `probe.calls` counts calls
 * (including those that then throw because the provider is unreachable).
 */
export async function probedHarness(options: HarnessOptions & { failNumbers?: readonly string[] } = {}) {
  const probe: { calls: number; before: BeforeSend | null } = { calls: 0, before: null };
  const h = await createHarness({
    ...options,
    simulator: {
      ...options.simulator,
      ...(options.failNumbers ? { failNumbers: options.failNumbers } : {}),
      latencyMs: 1,
      sleep: async () => {
        probe.calls++;
        await probe.before?.(probe.calls);
      },
    },
  });
  return { h, probe };
}

/** Phones the provider was actually handed, in order. */
export const sentPhones = (h: Harness): string[] => h.gateway.sent.map((s) => s.to);

/** The run as the service shows it. */
export async function runOf(h: Harness, campaignId: string, runId: string) {
  return must(await h.service.getRun(h.a, campaignId, runId));
}

/** Statuses of a run's recipients by phone. */
export async function recipientStatuses(h: Harness, campaignId: string, runId: string): Promise<Record<string, string>> {
  const page = must(await h.service.listRecipients(h.a, campaignId, runId, { limit: 10_000 }));
  return Object.fromEntries(page.items.map((r) => [r.phone, r.status]));
}

/** Every run of the campaign keeps sent + failed + skipped + pending = recipient_count and delivered <= sent. */
export async function expectCountersAddUp(h: Harness, campaignId: string): Promise<void> {
  for (const r of must(await h.service.listRuns(h.a, campaignId))) {
    expect(r.sent + r.failed + r.skipped + r.pending, `counters of ${r.run_id}`).toBe(r.recipient_count);
    expect(r.delivered).toBeLessThanOrEqual(r.sent);
  }
}

/** Everything a client can observe about a campaign and its workspace, through the service. */
export async function observe(h: Harness, campaignId: string) {
  const runs = must(await h.service.listRuns(h.a, campaignId));
  const recipients: Record<string, unknown> = {};
  for (const r of runs) recipients[r.run_id] = must(await h.service.listRecipients(h.a, campaignId, r.run_id, { limit: 10_000 }));
  return {
    campaign: must(await h.service.getCampaign(h.a, campaignId)),
    runs,
    recipients,
    status: must(await h.service.status(h.a, campaignId)),
    report: must(await h.service.report(h.a, campaignId)),
    balance: must(await h.service.balance(h.a)),
    sent: h.gateway.sent.length,
  };
}

/** A campaign with one group of `phones` and SMS content, but no run yet. */
export async function campaignWithoutRuns(h: Harness, phones: readonly string[], body = "Hello {{name}}") {
  const campaign = must(await h.service.createCampaign(h.a, { name: "Promo", workspace_id: "ws_a", message_channel_id: "sms" }));
  const group = must(await h.service.createGroup(h.a, { name: "Customers" }));
  must(await h.service.importContacts(h.a, group.group_id, phones.map((phone, i) => ({ phone, name: `Person ${i}` }))));
  must(await h.service.attachAudience(h.a, campaign.campaign_id, group.group_id));
  must(await h.service.putContent(h.a, campaign.campaign_id, "sms", { body, sender_id: "Kampeni" }));
  return { campaign_id: campaign.campaign_id, group_id: group.group_id };
}

/** A ready campaign (see `readyCampaign`) with body "Hi", launched. */
export async function readyCampaignLaunched(h: Harness, phones: readonly string[]) {
  const c = await readyCampaign(h, phones, { body: "Hi" });
  must(await h.service.launch(h.a, c.campaign_id, {}));
  return c;
}

/** A campaign built step by step: only what `parts` asks for. */
export async function campaign(h: Harness, parts: { channel?: boolean; contacts?: { phone: string; name?: string; attributes?: Record<string, string> }[]; body?: string }) {
  const c = must(await h.service.createCampaign(h.a, { name: "Promo", workspace_id: "ws_a", ...(parts.channel === false ? {} : { message_channel_id: "sms" as const }) }));
  if (parts.contacts) {
    const g = must(await h.service.createGroup(h.a, { name: "G" }));
    must(await h.service.importContacts(h.a, g.group_id, parts.contacts));
    must(await h.service.attachAudience(h.a, c.campaign_id, g.group_id));
  }
  if (parts.body) must(await h.service.putContent(h.a, c.campaign_id, "sms", { body: parts.body, sender_id: "Kampeni" }));
  return c.campaign_id;
}
