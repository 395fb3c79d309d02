import { conflict, invalid, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, OneShotRunInput, RecurringRunInput, RunView } from "../service.types.ts";
import { ZERO_COUNTS } from "../domain/model.ts";
import { loadCampaign } from "./access.ts";
import { newRun } from "./new-run.ts";
import { runView } from "./views.ts";

const isRecurring = (input: OneShotRunInput | RecurringRunInput): input is RecurringRunInput => "cron" in input;

/** Adds a run in status `ready`: one-shot (optional scheduled_at) or a recurring template. */
export class CreateRun {
  constructor(private readonly deps: EngineDeps) {}

  async create(actor: Actor, campaignId: string, input: OneShotRunInput | RecurringRunInput): Promise<Result<RunView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    if (campaign.value.cancelled_at !== null) return conflict("Campaign is cancelled; cancel is permanent");
    const now = this.deps.clock.now();
    const base = { run_id: this.deps.ids.next("run"), campaign_id: campaignId, workspace_id: actor.workspace_id, status: "ready" as const };
    if (!isRecurring(input)) {
      const run = newRun({ ...base, scheduled_at: input.scheduled_at ?? null }, now);
      await this.deps.runs.insert(run);
      return ok(runView(run, ZERO_COUNTS));
    }
    const check = this.deps.cron.check(input.cron, input.timezone);
    if (!check.ok) return invalid(check.issue, check.issue.includes("time zone") ? "timezone" : "cron");
    const r = {
      cron: input.cron,
      timezone: input.timezone,
      starts_at: input.starts_at ?? null,
      ends_at: input.ends_at ?? null,
      max_occurrences: input.max_occurrences ?? null,
    };
    if (r.max_occurrences !== null && (!Number.isInteger(r.max_occurrences) || r.max_occurrences < 1)) {
      return invalid("max_occurrences must be a positive whole number", "max_occurrences");
    }
    if (r.starts_at !== null && r.ends_at !== null && r.ends_at <= r.starts_at) {
      return invalid("ends_at must be after starts_at", "ends_at");
    }
    const run = newRun({ ...base, scheduled_at: null, recurrence: r }, now);
    await this.deps.runs.insert(run);
    return ok(runView(run, ZERO_COUNTS));
  }
}
