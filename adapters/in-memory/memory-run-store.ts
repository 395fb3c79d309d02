import type { Millis, Run } from "../../core/domain/model.ts";
import type { ClaimRequest, RunCondition, RunPatch, RunStore } from "../../core/ports/run-store.port.ts";
import { Availability } from "./availability.ts";

/** Orders runs by (created_at, run_id): creation order. */
const byCreation = (a: Run, b: Run) => a.created_at - b.created_at || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0);

export class MemoryRunStore implements RunStore {
  readonly availability = new Availability("run store");
  readonly #byId = new Map<string, Run>();

  async insert(run: Run): Promise<void> {
    this.availability.check();
    if (this.#byId.has(run.run_id)) throw new Error(`duplicate run ${run.run_id}`);
    this.#byId.set(run.run_id, run);
  }

  async insertChildren(children: readonly Run[]): Promise<number> {
    this.availability.check();
    const taken = new Set(
      [...this.#byId.values()].filter((r) => r.parent_run_id !== null).map((r) => `${r.parent_run_id}#${r.recurrence_index}`),
    );
    let added = 0;
    for (const child of children) {
      const key = `${child.parent_run_id}#${child.recurrence_index}`;
      if (taken.has(key)) continue;
      taken.add(key);
      this.#byId.set(child.run_id, child);
      added++;
    }
    return added;
  }

  async get(runId: string): Promise<Run | null> {
    this.availability.check();
    return this.#byId.get(runId) ?? null;
  }

  async listByCampaign(campaignId: string): Promise<Run[]> {
    this.availability.check();
    return [...this.#byId.values()].filter((r) => r.campaign_id === campaignId).sort(byCreation);
  }

  async update(runId: string, condition: RunCondition, patch: RunPatch): Promise<Run | null> {
    this.availability.check();
    const run = this.#byId.get(runId);
    if (!run || !matches(run, condition)) return null;
    const next = { ...run, ...patch };
    this.#byId.set(runId, next);
    return next;
  }

  async claimNext(request: ClaimRequest): Promise<Run | null> {
    this.availability.check();
    const { now, windowStart, owner, leaseMs } = request;
    const due = [...this.#byId.values()]
      .filter((r) => isClaimable(r, now, windowStart))
      .sort((a, b) => (a.scheduled_at ?? 0) - (b.scheduled_at ?? 0) || byCreation(a, b));
    const run = due[0];
    if (!run) return null;
    const next: Run = {
      ...run,
      status: "claimed",
      lease: { owner, expires_at: now + leaseMs },
      fence: run.fence + 1,
      updated_at: now,
    };
    this.#byId.set(run.run_id, next);
    return next;
  }

  async listOverdue(windowStart: Millis, limit: number): Promise<Run[]> {
    this.availability.check();
    return [...this.#byId.values()]
      .filter((r) => r.status === "scheduled" && r.scheduled_at !== null && r.scheduled_at < windowStart)
      .sort(byCreation)
      .slice(0, limit);
  }

  async listRefundsDue(now: Millis, limit: number): Promise<Run[]> {
    this.availability.check();
    return [...this.#byId.values()]
      .filter((r) => r.refund_state === "due" && (r.lease === null || r.lease.expires_at <= now))
      .sort(byCreation)
      .slice(0, limit);
  }

  async listTemplatesToExtend(horizonEnd: Millis, limit: number): Promise<Run[]> {
    this.availability.check();
    return [...this.#byId.values()]
      .filter((r) =>
        r.status === "retired" && r.recurrence !== null && r.materialised_until !== null &&
        r.materialised_until < horizonEnd
      )
      .sort(byCreation)
      .slice(0, limit);
  }
}

/** Due and scheduled inside the window, or held by a lease that has run out. */
export function isClaimable(r: Run, now: Millis, windowStart: Millis): boolean {
  const leaseFree = r.lease === null || r.lease.expires_at <= now;
  // A resumed run whose worker is still finishing its batch keeps that worker's lease until it lets go.
  if (r.status === "scheduled") return r.scheduled_at !== null && r.scheduled_at <= now && r.scheduled_at >= windowStart && leaseFree;
  if (r.status === "claimed" || r.status === "running") return leaseFree;
  return false;
}

function matches(run: Run, condition: RunCondition): boolean {
  if (condition.status && !condition.status.includes(run.status)) return false;
  if (condition.fence !== undefined && run.fence !== condition.fence) return false;
  return true;
}
