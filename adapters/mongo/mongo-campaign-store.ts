import type { Collection, Db } from "mongodb";
import type { Campaign } from "../../core/domain/model.ts";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import { CAMPAIGN_SORT, fromCampaignDoc, listFilter, toCampaignDoc, versionedFilter } from "./documents/campaign.documents.ts";
import { guarded } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "campaign store";

/** Campaigns in the `campaigns` collection (`_id` = campaign_id), one document each, replaced by version. */
export class MongoCampaignStore implements CampaignStore {
  readonly #campaigns: Collection<Stored>;

  constructor(db: Db) {
    this.#campaigns = db.collection(COLLECTIONS.campaigns);
  }

  insert(campaign: Campaign): Promise<void> {
    return guarded(STORE, async () => {
      await this.#campaigns.insertOne(toCampaignDoc(campaign));
    });
  }

  get(campaignId: string): Promise<Campaign | null> {
    return guarded(STORE, async () => {
      const doc = await this.#campaigns.findOne({ _id: campaignId });
      return doc ? fromCampaignDoc(doc) : null;
    });
  }

  replace(next: Campaign, expectedVersion: number): Promise<boolean> {
    return guarded(STORE, async () => {
      const result = await this.#campaigns.replaceOne(versionedFilter(next.campaign_id, expectedVersion), toCampaignDoc(next));
      return result.matchedCount === 1;
    });
  }

  list(workspaceId: string, afterId: string | null, limit: number): Promise<Campaign[]> {
    return guarded(STORE, async () => {
      if (limit <= 0) return [];
      const docs = await this.#campaigns.find(listFilter(workspaceId, afterId)).sort(CAMPAIGN_SORT).limit(limit).toArray();
      return docs.map(fromCampaignDoc);
    });
  }
}
