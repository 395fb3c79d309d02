import type { Campaign, Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import { materialise } from "../recurrence/materialise.ts";
import { newRun } from "./new-run.ts";

/**
 * Creates the template's next occurrences as `scheduled` child runs, keeping at most the horizon's count of
 * occurrences waiting at once and none beyond its time. Idempotent: the occurrences are a pure function of the
 * template and the last one created, and the store refuses a second child for the same (template,
 * recurrence_index), so a repeated launch, a restart or two workers extending at once create each child once.
 * Returns the template's children that exist afterwards, in index order.
 */
export async function materialiseChildren(deps: EngineDeps, campaign: Campaign, template: Run): Promise<Run[]> {
  const now = deps.clock.now();
  const existing = await childrenOf(deps, campaign, template);
  const last = existing.at(-1);
  const waiting = existing.filter((r) => r.status === "scheduled").length;
  const room = deps.config.horizonOccurrences - waiting;
  if (room <= 0) return existing;
  const input = {
    recurrence: template.recurrence!,
    materialised: last ? last.recurrence_index! + 1 : 0,
    // The template's own record, not a child's scheduled_at: a child re-timed by PATCH must not rewind the schedule.
    lastScheduledAt: template.materialised_until ?? last?.scheduled_at ?? null,
    cron: deps.cron,
    now,
  };
  let next = materialise({ ...input, horizon: { horizonMs: deps.config.horizonMs, maxOccurrences: room } });
  if (!last && next.occurrences.length === 0 && !next.done) {
    // A schedule starting beyond the horizon still gets its first occurrence now, so a launch always has a run.
    next = materialise({ ...input, horizon: { horizonMs: Number.MAX_SAFE_INTEGER - now, maxOccurrences: 1 } });
  }
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
  const all = await childrenOf(deps, campaign, template);
  // A concurrent extender may have written first; the record follows what exists, never goes back.
  await deps.runs.update(template.run_id, { fence: template.fence }, {
    occurrences_materialised: all.length,
    materialised_until: next.done ? null : next.materialised_until ?? now,
    fence: template.fence + 1,
    updated_at: now,
  });
  return all;
}

async function childrenOf(deps: EngineDeps, campaign: Campaign, template: Run): Promise<Run[]> {
  const runs = await deps.runs.listByCampaign(campaign.campaign_id);
  return runs
    .filter((r) => r.parent_run_id === template.run_id)
    .sort((a, b) => (a.recurrence_index ?? 0) - (b.recurrence_index ?? 0));
}
