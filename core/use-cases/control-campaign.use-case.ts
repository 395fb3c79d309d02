import type { Run } from "../domain/model.ts";
import { conflict, ok, type Result } from "../domain/result.ts";
import { campaignStatus } from "../domain/campaign-status.ts";
import { statusesFor } from "../domain/run-state.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, ControlView } from "../service.types.ts";
import { loadCampaign, updateCampaign } from "./access.ts";
import { refundRun } from "./refund-run.ts";

/** Pause, resume and cancel: the runtime controls of a launched campaign. */
export class ControlCampaign {
  constructor(private readonly deps: EngineDeps) {}

  /**
   * Idempotent. Flags, then flips, the runs a worker holds (claimed/running) to paused; runs that are ready or
   * scheduled are not touched and pick up on their own schedule. The worker stops at the batch boundary.
   */
  async pause(actor: Actor, campaignId: string): Promise<Result<ControlView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const active = (await this.deps.runs.listByCampaign(campaignId)).filter((r) => statusesFor("pause").includes(r.status));
    if (campaign.value.cancelled_at === null && active.length > 0) {
      await this.deps.flags.setPaused(active.map((r) => r.run_id));
      const now = this.deps.clock.now();
      for (const run of active) {
        await this.deps.runs.update(run.run_id, { status: statusesFor("pause") }, { status: "paused", updated_at: now });
      }
    }
    return this.#view(campaignId, "paused");
  }

  /** Go-now: paused runs go back to `scheduled` with scheduled_at = now. 409 once cancelled. */
  async resume(actor: Actor, campaignId: string): Promise<Result<ControlView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    if (campaign.value.cancelled_at !== null) return conflict("Campaign is cancelled; it cannot be resumed");
    const paused = (await this.deps.runs.listByCampaign(campaignId)).filter((r) => r.status === "paused");
    // Flags first: a run left paused without a flag is harmless (paused runs are never claimed).
    await this.deps.flags.clearPaused(paused.map((r) => r.run_id));
    const now = this.deps.clock.now();
    for (const run of paused) {
      await this.deps.runs.update(run.run_id, { status: statusesFor("resume") }, {
        // The lease stays: a worker still finishing its batch lets go of the run itself, then it is claimed.
        status: "scheduled",
        scheduled_at: now,
        updated_at: now,
      });
    }
    return this.#view(campaignId, "resumed");
  }

  /**
   * Sticky. Flags every non-terminal run, marks the campaign cancelled, flips the runs to cancelled and refunds
   * the unsent reservations of runs no worker holds; a worker that holds one refunds it when it stops, and the
   * reconciler retries any refund that failed.
   */
  async cancel(actor: Actor, campaignId: string): Promise<Result<ControlView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const open = (await this.deps.runs.listByCampaign(campaignId)).filter((r) => statusesFor("cancel").includes(r.status));
    if (open.length > 0) await this.deps.flags.setCancelled(open.map((r) => r.run_id));
    const now = this.deps.clock.now();
    await updateCampaign(this.deps, campaignId, (c) => ok(c.cancelled_at === null ? { cancelled_at: now } : {}));
    const cancelled: Run[] = [];
    for (const run of open) {
      const done = await this.deps.runs.update(run.run_id, { status: statusesFor("cancel") }, {
        status: "cancelled",
        refund_state: "due",
        finished_at: now,
        updated_at: now,
      });
      if (done) cancelled.push(done);
    }
    for (const run of cancelled) {
      // A worker that still holds the run refunds it when it stops (or the reconciler, once its lease expires).
      if (run.lease !== null && run.lease.expires_at > now) continue;
      try {
        await refundRun(this.deps, run.run_id);
      } catch (error) {
        this.deps.logger.warn({ run_id: run.run_id, err: String(error) }, "refund failed; the reconciler will retry it");
      }
    }
    const view = await this.#view(campaignId, "cancelled");
    return view.ok ? ok({ ...view.value, runs_cancelled: cancelled.length }) : view;
  }

  async #view(campaignId: string, action: ControlView["action"]): Promise<Result<ControlView>> {
    const campaign = await this.deps.campaigns.get(campaignId);
    const runs = await this.deps.runs.listByCampaign(campaignId);
    return ok({ campaign_id: campaignId, action, status: campaignStatus(campaign!, runs) });
  }
}
