import type { Campaign, Group, Run } from "../domain/model.ts";
import { forbidden, notFound, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor } from "../service.types.ts";

/** Loads a campaign the actor may use: 404 when absent, 403 when another workspace owns it. */
export async function loadCampaign(deps: EngineDeps, actor: Actor, campaignId: string): Promise<Result<Campaign>> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) return notFound(`Campaign '${campaignId}' does not exist`, "campaign_id");
  if (campaign.workspace_id !== actor.workspace_id) return forbidden("API key does not own this campaign");
  return ok(campaign);
}

/** Loads a run of a campaign: 404 when absent or when it belongs to another campaign. */
export async function loadRun(deps: EngineDeps, campaign: Campaign, runId: string): Promise<Result<Run>> {
  const run = await deps.runs.get(runId);
  if (!run || run.campaign_id !== campaign.campaign_id) {
    return notFound(`Run '${runId}' does not belong to campaign '${campaign.campaign_id}'`, "run_id");
  }
  return ok(run);
}

export async function loadGroup(deps: EngineDeps, actor: Actor, groupId: string): Promise<Result<Group>> {
  const group = await deps.groups.getGroup(groupId);
  if (!group) return notFound(`Group '${groupId}' does not exist`, "group_id");
  if (group.workspace_id !== actor.workspace_id) return forbidden("API key does not own this group");
  return ok(group);
}

/**
 * Applies `change` to the latest campaign with optimistic concurrency, retrying when another writer got there
 * first. `change` returns the failure to give up with, or the fields to write.
 */
export async function updateCampaign(
  deps: EngineDeps,
  campaignId: string,
  change: (current: Campaign) => Result<Partial<Campaign>>,
): Promise<Result<Campaign>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.campaigns.get(campaignId);
    if (!current) return notFound(`Campaign '${campaignId}' does not exist`, "campaign_id");
    const patch = change(current);
    if (!patch.ok) return patch;
    // Nothing to change (a repeated cancel, a launch after the first): no write, so updated_at stays put.
    if (Object.keys(patch.value).length === 0) return ok(current);
    const next: Campaign = { ...current, ...patch.value, updated_at: deps.clock.now(), version: current.version + 1 };
    if (await deps.campaigns.replace(next, current.version)) return ok(next);
  }
  throw new Error(`campaign ${campaignId} kept changing under concurrent writes`);
}
