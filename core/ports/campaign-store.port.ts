import type { Campaign } from "../domain/model.ts";

/**
 * Campaigns, with their attached groups and content (one document each).
 * Implementations throw `StoreUnavailableError` when the backend cannot be reached.
 */
export interface CampaignStore {
  /** Inserts a new campaign. */
  insert(campaign: Campaign): Promise<void>;
  get(campaignId: string): Promise<Campaign | null>;
  /**
   * Replaces the campaign only if its stored `version` equals `expectedVersion`
   * (the caller passes `next` with `version = expectedVersion + 1`). Returns false when it did not match.
   */
  replace(next: Campaign, expectedVersion: number): Promise<boolean>;
  /** Campaigns of a workspace in creation order, starting after `afterId` (exclusive). */
  list(workspaceId: string, afterId: string | null, limit: number): Promise<Campaign[]>;
}
