import type { Campaign, Run } from "./model.ts";

export type CampaignStatus = "draft" | "running" | "paused" | "scheduled" | "completed" | "failed" | "cancelled";

/**
 * A campaign's status is derived from its runs, except two sticky states: `draft` until the first
 * launch and `cancelled` for ever once cancelled.
 */
export function campaignStatus(campaign: Campaign, runs: readonly Run[]): CampaignStatus {
  if (campaign.cancelled_at !== null) return "cancelled";
  if (campaign.launched_at === null) return "draft";
  if (runs.some((r) => r.status === "claimed" || r.status === "running")) return "running";
  if (runs.some((r) => r.status === "paused")) return "paused";
  if (runs.some((r) => r.status === "scheduled")) return "scheduled";
  const finished = runs
    .filter((r) => r.status === "completed" || r.status === "failed")
    .sort((a, b) => (a.finished_at ?? 0) - (b.finished_at ?? 0));
  const latest = finished.at(-1);
  if (latest) return latest.status === "failed" ? "failed" : "completed";
  // Launched, nothing pending or finished (every triggered run was cancelled individually):
  // nothing will send unless launched again.
  return "completed";
}
