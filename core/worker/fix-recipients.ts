import type { Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import { batchesFor, loadAudience, planMessages, toMessages } from "../use-cases/plan-messages.ts";

export type FixOutcome = { readonly ok: true; readonly run: Run } | { readonly ok: false; readonly reason: string };

/**
 * A recurring occurrence fixes its recipient list when claimed: today's audience and content, rendered, written,
 * and its units reserved. Rows are written under the claim's fence; a repeat after a crash rewrites them.
 */
export async function fixRecipients(deps: EngineDeps, run: Run): Promise<FixOutcome> {
  const campaign = await deps.campaigns.get(run.campaign_id);
  const channel = campaign?.message_channel_id;
  const content = campaign && channel ? campaign.content[channel] : undefined;
  if (!campaign || !content) return { ok: false, reason: "no_content" };
  const plan = planMessages(await loadAudience(deps, campaign), content);
  if (plan.rows.length === 0) return { ok: false, reason: "audience_empty" };
  const now = deps.clock.now();
  await deps.messages.deleteRun(run.run_id);
  await deps.messages.insertMany(toMessages(deps, run, plan, content.sender_id, now));
  const reserved = await deps.ledger.reserve(run.workspace_id, run.run_id, plan.units);
  if (reserved === "insufficient") {
    await deps.messages.deleteRun(run.run_id);
    return { ok: false, reason: "insufficient_balance" };
  }
  const fixed = await deps.runs.update(run.run_id, { fence: run.fence }, {
    recipients_fixed: true,
    recipient_count: plan.rows.length,
    total_batches: batchesFor(plan.sendable, deps.config.batchSize),
    current_batch: 0,
    units_reserved: plan.units,
    triggered_at: now,
    updated_at: now,
  });
  return fixed ? { ok: true, run: fixed } : { ok: false, reason: "lease_lost" };
}
