import type { Channel } from "../domain/model.ts";
import { conflict, invalid, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, CampaignView } from "../service.types.ts";
import { loadCampaign, loadGroup, updateCampaign } from "./access.ts";
import { campaignView } from "./views.ts";

const SENDER_ID = /^[A-Za-z0-9][A-Za-z0-9 ._&-]*$/;

/** Audiences and content of a campaign. Every edit is refused once the campaign is cancelled. */
export class BuildCampaign {
  constructor(private readonly deps: EngineDeps) {}

  async attach(actor: Actor, campaignId: string, groupId: string): Promise<Result<CampaignView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const group = await loadGroup(this.deps, actor, groupId);
    if (!group.ok) return group;
    return this.#edit(campaignId, (groupIds) => ok({ group_ids: groupIds.includes(groupId) ? groupIds : [...groupIds, groupId] }));
  }

  async detach(actor: Actor, campaignId: string, groupId: string): Promise<Result<CampaignView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    if (!campaign.value.group_ids.includes(groupId)) {
      return { ok: false, error: { kind: "not_found", message: `Group '${groupId}' is not attached to this campaign`, field: "group_id" } };
    }
    return this.#edit(campaignId, (groupIds) => ok({ group_ids: groupIds.filter((g) => g !== groupId) }));
  }

  async putContent(
    actor: Actor,
    campaignId: string,
    channel: Channel,
    content: { body: string; sender_id: string },
  ): Promise<Result<CampaignView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    if (content.body.trim().length === 0) return invalid("body must not be empty", "body");
    if (content.body.length > 10_000) return invalid("body must be at most 10000 characters", "body");
    if (content.sender_id.length < 2 || content.sender_id.length > 13 || !SENDER_ID.test(content.sender_id)) {
      return invalid("sender_id must be 2 to 13 letters, digits, spaces or . _ & -, starting with a letter or digit", "sender_id");
    }
    const updated = await updateCampaign(this.deps, campaignId, (c) => {
      if (c.cancelled_at !== null) return conflict("Campaign is cancelled; cancel is permanent");
      return ok({ content: { ...c.content, [channel]: { body: content.body, sender_id: content.sender_id } } });
    });
    if (!updated.ok) return updated;
    return ok(campaignView(updated.value, await this.deps.runs.listByCampaign(campaignId)));
  }

  async #edit(
    campaignId: string,
    change: (groupIds: readonly string[]) => Result<{ group_ids: readonly string[] }>,
  ): Promise<Result<CampaignView>> {
    const updated = await updateCampaign(this.deps, campaignId, (c) => {
      if (c.cancelled_at !== null) return conflict("Campaign is cancelled; cancel is permanent");
      return change(c.group_ids);
    });
    if (!updated.ok) return updated;
    return ok(campaignView(updated.value, await this.deps.runs.listByCampaign(campaignId)));
  }
}
