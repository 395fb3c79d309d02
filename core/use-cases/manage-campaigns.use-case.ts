import type { Campaign, Channel } from "../domain/model.ts";
import { conflict, forbidden, invalid, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, CampaignView, Page } from "../service.types.ts";
import { loadCampaign, updateCampaign } from "./access.ts";
import { campaignView } from "./views.ts";

export interface CampaignInput {
  readonly name: string;
  readonly workspace_id: string;
  readonly message_channel_id?: Channel | null;
  readonly description?: string | null;
}

export interface CampaignPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly message_channel_id?: Channel | null;
}

function checkName(name: string | undefined): Result<void> {
  if (name === undefined) return ok(undefined);
  const trimmed = name.trim();
  if (trimmed.length < 1 || name.length > 255) return invalid("name must be 1 to 255 characters", "name");
  return ok(undefined);
}

/** Creating, reading and editing campaigns before (and after) launch. */
export class ManageCampaigns {
  constructor(private readonly deps: EngineDeps) {}

  async create(actor: Actor, input: CampaignInput): Promise<Result<CampaignView>> {
    if (input.workspace_id !== actor.workspace_id) return forbidden("workspace_id is not the API key's workspace");
    const named = checkName(input.name);
    if (!named.ok) return named;
    const now = this.deps.clock.now();
    const campaign: Campaign = {
      campaign_id: this.deps.ids.next("camp"),
      workspace_id: input.workspace_id,
      name: input.name.trim(),
      description: input.description ?? null,
      message_channel_id: input.message_channel_id ?? null,
      group_ids: [],
      content: {},
      launched_at: null,
      cancelled_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.deps.campaigns.insert(campaign);
    return ok(campaignView(campaign, []));
  }

  async get(actor: Actor, campaignId: string): Promise<Result<CampaignView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    return ok(campaignView(campaign.value, await this.deps.runs.listByCampaign(campaignId)));
  }

  async list(actor: Actor, page: { cursor: string | null; limit: number }): Promise<Result<Page<CampaignView>>> {
    const rows = await this.deps.campaigns.list(actor.workspace_id, page.cursor, page.limit + 1);
    const items = await Promise.all(
      rows.slice(0, page.limit).map(async (c) => campaignView(c, await this.deps.runs.listByCampaign(c.campaign_id))),
    );
    const next = rows.length > page.limit ? items.at(-1)!.campaign_id : null;
    return ok({ items, next_cursor: next });
  }

  async patch(actor: Actor, campaignId: string, patch: CampaignPatch): Promise<Result<CampaignView>> {
    const loaded = await loadCampaign(this.deps, actor, campaignId);
    if (!loaded.ok) return loaded;
    const named = checkName(patch.name);
    if (!named.ok) return named;
    const updated = await updateCampaign(this.deps, campaignId, (c) => {
      if (c.cancelled_at !== null) return conflict("Campaign is cancelled; cancel is permanent");
      return ok({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.message_channel_id !== undefined ? { message_channel_id: patch.message_channel_id } : {}),
      });
    });
    if (!updated.ok) return updated;
    return ok(campaignView(updated.value, await this.deps.runs.listByCampaign(campaignId)));
  }
}
