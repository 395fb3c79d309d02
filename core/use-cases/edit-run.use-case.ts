import { conflict, invalid, ok, type Result } from "../domain/result.ts";
import type { Millis, Recurrence, Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, RunView } from "../service.types.ts";
import { loadCampaign, loadRun } from "./access.ts";
import { runView } from "./views.ts";

export interface RunPatchInput {
  readonly scheduled_at?: Millis | null;
  readonly cron?: string;
  readonly timezone?: string;
  readonly starts_at?: Millis | null;
  readonly ends_at?: Millis | null;
  readonly max_occurrences?: number | null;
}

/**
 * Re-times a run that has not started: a one-shot run while `ready` or `scheduled` (how a client restores the
 * schedule that go-now resume replaced), a recurring template while `ready`. Fields left out keep their value,
 * so saving a run unchanged never moves its time.
 */
export class EditRun {
  constructor(private readonly deps: EngineDeps) {}

  async patch(actor: Actor, campaignId: string, runId: string, input: RunPatchInput): Promise<Result<RunView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    if (campaign.value.cancelled_at !== null) return conflict("Campaign is cancelled; cancel is permanent");
    const loaded = await loadRun(this.deps, campaign.value, runId);
    if (!loaded.ok) return loaded;
    const run = loaded.value;
    const recurringFields = ["cron", "timezone", "starts_at", "ends_at", "max_occurrences"].filter((k) => k in input);
    let patch: Partial<Run>;
    let allowed: readonly Run["status"][];
    if (run.recurrence === null) {
      if (recurringFields.length > 0) return invalid(`Run '${runId}' is not recurring`, recurringFields[0]!);
      if (input.scheduled_at === undefined) return ok(runView(run, await this.deps.messages.counts(runId)));
      if (input.scheduled_at === null && run.status === "scheduled") {
        return invalid("A scheduled run needs a scheduled_at", "scheduled_at");
      }
      patch = { scheduled_at: input.scheduled_at };
      allowed = ["ready", "scheduled"];
    } else {
      if (input.scheduled_at !== undefined) return invalid("A recurring template is timed by its cron, not scheduled_at", "scheduled_at");
      const next: Recurrence = {
        cron: input.cron ?? run.recurrence.cron,
        timezone: input.timezone ?? run.recurrence.timezone,
        starts_at: input.starts_at !== undefined ? input.starts_at : run.recurrence.starts_at,
        ends_at: input.ends_at !== undefined ? input.ends_at : run.recurrence.ends_at,
        max_occurrences: input.max_occurrences !== undefined ? input.max_occurrences : run.recurrence.max_occurrences,
      };
      const check = this.deps.cron.check(next.cron, next.timezone);
      if (!check.ok) return invalid(check.issue, check.issue.includes("time zone") ? "timezone" : "cron");
      if (next.starts_at !== null && next.ends_at !== null && next.ends_at <= next.starts_at) {
        return invalid("ends_at must be after starts_at", "ends_at");
      }
      if (next.max_occurrences !== null && (!Number.isInteger(next.max_occurrences) || next.max_occurrences < 1)) {
        return invalid("max_occurrences must be a positive whole number", "max_occurrences");
      }
      patch = { recurrence: next };
      allowed = ["ready"];
    }
    const updated = await this.deps.runs.update(runId, { status: allowed }, { ...patch, updated_at: this.deps.clock.now() });
    if (!updated) {
      const status = run.status === "claimed" ? "running" : run.status;
      return conflict(`Run '${runId}' is ${status}; only a run that has not started can be changed`);
    }
    return ok(runView(updated, await this.deps.messages.counts(runId)));
  }
}
