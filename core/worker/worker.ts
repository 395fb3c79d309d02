import type { EngineDeps } from "../deps.ts";
import { StoreUnavailableError } from "../domain/result.ts";
import { refundRun } from "../use-cases/refund-run.ts";
import { materialiseChildren } from "../use-cases/materialise-children.ts";
import { dispatchRun, type DispatchOutcome, type StopSignal } from "./dispatch-run.ts";

export interface TickReport {
  readonly overdue: number;
  readonly extended: number;
  readonly dispatched: { run_id: string; outcome: DispatchOutcome } | null;
}

/**
 * The worker's pickup loop, one tick at a time: fail runs that missed the pickup window, extend recurring
 * schedules, then claim one due run (atomically, with a lease) and send it. The app calls `tick` in a loop;
 * tests call it directly under a manual clock.
 */
export class Worker {
  readonly #stop = { stopping: false };

  constructor(private readonly deps: EngineDeps, private readonly owner: string) {}

  get stopSignal(): StopSignal {
    return this.#stop;
  }

  /** Asks the dispatch in progress to stop after the provider call in flight. */
  stop(): void {
    this.#stop.stopping = true;
  }

  async tick(): Promise<TickReport> {
    const overdue = await this.failOverdue();
    const extended = await this.extendSchedules();
    if (this.#stop.stopping) return { overdue, extended, dispatched: null };
    const now = this.deps.clock.now();
    const claimed = await this.deps.runs.claimNext({
      now,
      windowStart: now - this.deps.config.pickupWindowMs,
      owner: this.owner,
      leaseMs: this.deps.config.leaseMs,
    });
    if (!claimed) return { overdue, extended, dispatched: null };
    this.deps.logger.info({ campaign_id: claimed.campaign_id, run_id: claimed.run_id, fence: claimed.fence }, "run claimed");
    const outcome = await dispatchRun(this.deps, claimed, this.#stop);
    return { overdue, extended, dispatched: { run_id: claimed.run_id, outcome } };
  }

  /** Ticks until a tick finds nothing to do (bounded); for tests and the demo. */
  async drain(maxTicks = 10_000): Promise<TickReport[]> {
    const reports: TickReport[] = [];
    for (let i = 0; i < maxTicks; i++) {
      const report = await this.tick();
      reports.push(report);
      if (!report.dispatched && report.overdue === 0 && report.extended === 0) break;
    }
    return reports;
  }

  /** A scheduled run older than the pickup window becomes `failed` (`missed_pickup_window`), refunded, retryable. */
  async failOverdue(): Promise<number> {
    const now = this.deps.clock.now();
    const overdue = await this.deps.runs.listOverdue(now - this.deps.config.pickupWindowMs, 100);
    let failed = 0;
    for (const run of overdue) {
      const done = await this.deps.runs.update(run.run_id, { status: ["scheduled"], fence: run.fence }, {
        status: "failed",
        failure_reason: "missed_pickup_window",
        refund_state: "due",
        finished_at: now,
        updated_at: now,
      });
      if (!done) continue;
      failed++;
      this.deps.logger.warn({ campaign_id: run.campaign_id, run_id: run.run_id }, "run missed its pickup window");
      await this.#refund(run.run_id);
    }
    return failed;
  }

  /** Materialises further occurrences of open-ended schedules as time passes. */
  async extendSchedules(): Promise<number> {
    const now = this.deps.clock.now();
    const templates = await this.deps.runs.listTemplatesToExtend(now + this.deps.config.horizonMs, 20);
    let added = 0;
    for (const template of templates) {
      const campaign = await this.deps.campaigns.get(template.campaign_id);
      if (!campaign || campaign.cancelled_at !== null) continue;
      const before = template.occurrences_materialised;
      await materialiseChildren(this.deps, campaign, template);
      const after = (await this.deps.runs.get(template.run_id))?.occurrences_materialised ?? before;
      added += after - before;
    }
    return added;
  }

  /** The reconciler: retries refunds that failed, until they succeed. */
  async reconcileRefunds(): Promise<number> {
    const due = await this.deps.runs.listRefundsDue(this.deps.clock.now(), 100);
    let done = 0;
    for (const run of due) if (await this.#refund(run.run_id)) done++;
    return done;
  }

  async #refund(runId: string): Promise<boolean> {
    try {
      await refundRun(this.deps, runId);
      return true;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.deps.logger.warn({ run_id: runId }, "refund failed; will retry");
      return false;
    }
  }
}
