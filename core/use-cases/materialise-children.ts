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
export async function materialiseChildren(deps: EngineDeps, campaign: Campaign, stale: Run): Promise<Run[]> {
  const now = deps.clock.now();
  // Index and time both come from the template's one record (never from a child, whose time PATCH or a
  // go-now resume may move), so every extender computes the same (index, time) pairs.
  const template = (await deps.runs.get(stale.run_id)) ?? stale;
  const existing = await childrenOf(deps, campaign, template);
  const materialised = template.occurrences_materialised;
  if (materialised > 0 && template.materialised_until === null) return existing; // the schedule is done
  const waiting = existing.filter((r) => r.status === "scheduled").length;
  const room = deps.config.horizonOccurrences - waiting;
  if (room <= 0) return existing;
  const input = {
    recurrence: template.recurrence!,
    materialised,
    lastScheduledAt: materialised > 0 ? template.materialised_until : null,
    cron: deps.cron,
    now,
  };
  let next = materialise({ ...input, horizon: { horizonMs: deps.config.horizonMs, maxOccurrences: room } });
  if (materialised === 0 && next.occurrences.length === 0 && !next.done) {
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
  // Only one extender records its progress (the write is conditional on the version it read); another that
  // lost computed the same pairs, which the store kept once.
  await deps.runs.update(template.run_id, { fence: template.fence }, {
    occurrences_materialised: materialised + next.occurrences.length,
    materialised_until: next.done ? null : next.materialised_until ?? now,
    fence: template.fence + 1,
    updated_at: now,
  });
  return childrenOf(deps, campaign, template);
}


async function childrenOf(deps: EngineDeps, campaign: Campaign, template: Run): Promise<Run[]> {
  const runs = await deps.runs.listByCampaign(campaign.campaign_id);
  return runs
    .filter((r) => r.parent_run_id === template.run_id)
    .sort((a, b) => (a.recurrence_index ?? 0) - (b.recurrence_index ?? 0));
}
