import type { Campaign, Run } from "../domain/model.ts";
import { conflict, invalid, notFound, ok, type Result } from "../domain/result.ts";
import { selectLaunchRun } from "../domain/launch-selection.ts";
import { publicRunStatus } from "../domain/run-state.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, LaunchView, ValidationView } from "../service.types.ts";
import { loadCampaign, updateCampaign } from "./access.ts";
import { assessCampaign } from "./assess-campaign.ts";
import { fixedFields, type MessagePlan, writeAndReserve } from "./plan-messages.ts";
import { materialiseChildren } from "./materialise-children.ts";
import { iso } from "./views.ts";

/** Validate (read-only) and launch: validate, mark ready, trigger a run, in one call. */
export class LaunchCampaign {
  constructor(private readonly deps: EngineDeps) {}

  /** Always a result (never an error) for an existing, owned campaign: `valid` says whether launch would succeed. */
  async validate(actor: Actor, campaignId: string): Promise<Result<ValidationView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const runs = await this.deps.runs.listByCampaign(campaignId);
    const assessment = await assessCampaign(this.deps, campaign.value, runs, selectLaunchRun(runs));
    return ok(assessment.view);
  }

  async launch(actor: Actor, campaignId: string, input: { run_id?: string | null }): Promise<Result<LaunchView>> {
    const loaded = await loadCampaign(this.deps, actor, campaignId);
    if (!loaded.ok) return loaded;
    const campaign = loaded.value;
    const runs = await this.deps.runs.listByCampaign(campaignId);
    let selected: Run | null;
    if (input.run_id) {
      selected = runs.find((r) => r.run_id === input.run_id) ?? null;
      if (!selected) return notFound(`Run '${input.run_id}' does not belong to campaign '${campaignId}'`, "run_id");
      if (selected.status !== "ready") return cannotRetrigger(selected);
    } else {
      selected = selectLaunchRun(runs);
    }
    const assessment = await assessCampaign(this.deps, campaign, runs, selected);
    if (!assessment.view.valid) return conflict("Validation failed", assessment.view);
    if (!selected) return invalid("No 'ready' run available for this campaign", "run_id");
    const plan = assessment.plan!;

    const triggered = selected.recurrence
      ? await this.#launchTemplate(campaign, selected)
      : await this.#launchOneShot(campaign, selected, plan, assessment.view);
    if (!triggered.ok) return triggered;
    await updateCampaign(this.deps, campaignId, (c) => ok(c.launched_at === null ? { launched_at: this.deps.clock.now() } : {}));
    const run = triggered.value;
    return ok({
      run_id: run.run_id,
      campaign_id: run.campaign_id,
      status: publicRunStatus(run.status),
      scheduled_at: iso(run.scheduled_at),
      recipient_count: run.recipients_fixed ? run.recipient_count : plan.rows.length,
    });
  }

  async #launchOneShot(campaign: Campaign, run: Run, plan: MessagePlan, view: ValidationView): Promise<Result<Run>> {
    const { deps } = this;
    const now = deps.clock.now();
    const channel = campaign.message_channel_id!;
    // Rows left by a launch that stopped half-way are replaced; the run is re-read first so rows of a run
    // another launch has just triggered are never touched.
    const current = await deps.runs.get(run.run_id);
    if (!current || current.status !== "ready") return cannotRetrigger(current ?? run);
    const reserved = await writeAndReserve(deps, run, plan, campaign.content[channel]!.sender_id, now);
    if (reserved === "insufficient") {
      const balance = await deps.ledger.balance(run.workspace_id);
      const issue = `Insufficient balance: the run needs ${plan.units} units, the workspace has ${balance}`;
      return conflict("Validation failed", { ...view, valid: false, issues: [issue], estimated_cost: {} });
    }
    const updated = await deps.runs.update(run.run_id, { status: ["ready"] }, {
      status: "scheduled",
      ...fixedFields(plan, deps.config.batchSize, now),
    });
    if (updated) return ok(updated);
    const lost = await deps.runs.get(run.run_id);
    // Cancelled before any launch fixed it: the rows this launch wrote belong to no triggered run.
    if (lost?.status === "cancelled" && !lost.recipients_fixed) await deps.messages.deleteRun(run.run_id);
    if (lost?.status === "cancelled" && reserved === "reserved") {
      // Cancelled while this launch was writing: give back what this launch reserved.
      await deps.ledger.refundRemainder(run.workspace_id, run.run_id, "launch_aborted");
    }
    return cannotRetrigger(lost ?? run);
  }

  async #launchTemplate(campaign: Campaign, template: Run): Promise<Result<Run>> {
    const children = await materialiseChildren(this.deps, campaign, template);
    const first = children[0];
    if (!first) return invalid(`Run '${template.run_id}' has no occurrence to schedule`, "run_id");
    const retired = await this.deps.runs.update(template.run_id, { status: ["ready"] }, { status: "retired", updated_at: this.deps.clock.now() });
    if (!retired) {
      const current = await this.deps.runs.get(template.run_id);
      if (current?.status !== "retired") return cannotRetrigger(current ?? template);
    }
    return ok(first);
  }
}

function cannotRetrigger(run: Run): Result<never> {
  return conflict(`Run '${run.run_id}' is ${publicRunStatus(run.status)} and cannot be re-triggered`);
}
