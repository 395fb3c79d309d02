/**
 * Filters of the `campaigns` collection. A campaign is stored as itself plus `_id = campaign_id`.
 * @module
 */
import type { Document, Filter, Sort } from "mongodb";
import type { Campaign } from "../../../core/domain/model.ts";
import type { Stored } from "./stored.documents.ts";

/** Campaign ids are ULIDs: their order is creation order. */
export const CAMPAIGN_SORT: Sort = { campaign_id: 1 };

export function toCampaignDoc(campaign: Campaign): Stored {
  return { _id: campaign.campaign_id, ...campaign };
}

export function fromCampaignDoc(doc: Document): Campaign {
  const { _id: _ignored, ...campaign } = doc;
  return campaign as Campaign;
}

/** Optimistic concurrency: the replace matches only the version the caller read. */
export function versionedFilter(campaignId: string, expectedVersion: number): Filter<Stored> {
  return { _id: campaignId, version: expectedVersion };
}

/** A workspace's campaigns after a cursor (sort with {@link CAMPAIGN_SORT}). */
export function listFilter(workspaceId: string, afterId: string | null): Filter<Stored> {
  return { workspace_id: workspaceId, ...(afterId === null ? {} : { campaign_id: { $gt: afterId } }) };
}
