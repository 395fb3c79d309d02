import type { Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import { fixedFields, loadAudience, planMessages, writeAndReserve } from "../use-cases/plan-messages.ts";

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
  const reserved = await writeAndReserve(deps, run, plan, content.sender_id, now);
  if (reserved === "insufficient") return { ok: false, reason: "insufficient_balance" };
  const fixed = await deps.runs.update(run.run_id, { fence: run.fence }, fixedFields(plan, deps.config.batchSize, now));
  return fixed ? { ok: true, run: fixed } : { ok: false, reason: "lease_lost" };
}
