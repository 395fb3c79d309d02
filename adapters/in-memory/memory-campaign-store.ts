import type { Campaign } from "../../core/domain/model.ts";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryCampaignStore implements CampaignStore {
  readonly availability = new Availability("campaign store");
  readonly #byId = new Map<string, Campaign>();

  async insert(campaign: Campaign): Promise<void> {
    this.availability.check();
    if (this.#byId.has(campaign.campaign_id)) throw new Error(`duplicate campaign ${campaign.campaign_id}`);
    this.#byId.set(campaign.campaign_id, campaign);
  }

  async get(campaignId: string): Promise<Campaign | null> {
    this.availability.check();
    return this.#byId.get(campaignId) ?? null;
  }

  async replace(next: Campaign, expectedVersion: number): Promise<boolean> {
    this.availability.check();
    const current = this.#byId.get(next.campaign_id);
    if (!current || current.version !== expectedVersion) return false;
    this.#byId.set(next.campaign_id, next);
    return true;
  }

  async list(workspaceId: string, afterId: string | null, limit: number): Promise<Campaign[]> {
    this.availability.check();
    const all = [...this.#byId.values()]
      .filter((c) => c.workspace_id === workspaceId && (afterId === null || c.campaign_id > afterId))
      .sort((a, b) => (a.campaign_id < b.campaign_id ? -1 : 1));
    return all.slice(0, limit);
  }
}
