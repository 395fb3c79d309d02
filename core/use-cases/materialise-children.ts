import type { Campaign, Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import { nextOccurrences } from "../recurrence/next-occurrences.ts";
import { newRun } from "./new-run.ts";

/**
 * Creates the template's next occurrences up to the horizon as `scheduled` child runs. Idempotent: the store
 * refuses a second child for the same (template, recurrence_index), and the occurrences are a pure function of
 * the template, so a repeated launch, a restart or two workers extending at once create each child once.
 * Returns the template's children that exist afterwards, in index order.
 */
export async function materialiseChildren(deps: EngineDeps, campaign: Campaign, template: Run): Promise<Run[]> {
  const now = deps.clock.now();
  const existing = (await deps.runs.listByCampaign(campaign.campaign_id)).filter((r) => r.parent_run_id === template.run_id);
  const next = nextOccurrences(deps.cron, template.recurrence!, {
    now,
    materialised: template.occurrences_materialised,
    lastScheduledAt: template.occurrences_materialised > 0
      ? Math.max(...existing.map((r) => r.scheduled_at ?? 0))
      : null,
    futureAlready: existing.filter((r) => r.status === "scheduled").length,
    horizonMs: deps.config.horizonMs,
    horizonOccurrences: deps.config.horizonOccurrences,
  });
  const children = next.occurrences.map((o) =>
    newRun({
      run_id: deps.ids.next("run"),
      campaign_id: template.campaign_id,
      workspace_id: template.workspace_id,
      status: "scheduled",
      scheduled_at: o.scheduled_at,
      recurrence_index: o.index,
      parent_run_id: template.run_id,
    }, now)
  );
  if (children.length > 0) await deps.runs.insertChildren(children);
  await deps.runs.update(template.run_id, { fence: template.fence }, {
    occurrences_materialised: template.occurrences_materialised + children.length,
    materialised_until: next.done ? null : next.coveredUntil,
    fence: template.fence + 1,
    updated_at: now,
  });
  const all = (await deps.runs.listByCampaign(campaign.campaign_id)).filter((r) => r.parent_run_id === template.run_id);
  return all.sort((a, b) => (a.recurrence_index ?? 0) - (b.recurrence_index ?? 0));
}
