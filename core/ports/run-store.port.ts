import type { Millis, Run, RunStatus } from "../domain/model.ts";

/** Preconditions of a conditional write; every given field must match the stored run. */
export interface RunCondition {
  readonly status?: readonly RunStatus[];
  readonly fence?: number;
}

export type RunPatch = Partial<Omit<Run, "run_id" | "campaign_id" | "workspace_id" | "created_at">>;

export interface ClaimRequest {
  readonly now: Millis;
  /** Oldest `scheduled_at` still inside the pickup window. */
  readonly windowStart: Millis;
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * Runs. Every write that races with another process is one conditional write.
 * Implementations throw `StoreUnavailableError` when the backend cannot be reached.
 */
export interface RunStore {
  insert(run: Run): Promise<void>;
  /**
   * Inserts children of a recurring template, ignoring any whose (parent_run_id, recurrence_index)
   * already exists. Returns how many were new.
   */
  insertChildren(children: readonly Run[]): Promise<number>;
  get(runId: string): Promise<Run | null>;
  /** Runs of a campaign, oldest first (created_at, then run_id). */
  listByCampaign(campaignId: string): Promise<Run[]>;
  /** Applies `patch` (and sets nothing else) only if `condition` holds; returns the new run or null. */
  update(runId: string, condition: RunCondition, patch: RunPatch): Promise<Run | null>;
  /**
   * Atomically claims the earliest due run: status `scheduled` with windowStart <= scheduled_at <= now and no
   * live lease (a resumed run whose worker still finishes its batch is not taken from it), or status
   * `claimed`/`running` whose lease has expired (or was released). The claim sets status `claimed`, a lease
   * for `owner` until now + leaseMs, and increments `fence`. Two callers never receive the same claim.
   */
  claimNext(request: ClaimRequest): Promise<Run | null>;
  /** Runs still `scheduled` whose `scheduled_at` is before `windowStart`, at most `limit`. */
  listOverdue(windowStart: Millis, limit: number): Promise<Run[]>;
  /** Runs whose refund is `due` and that no live lease holds, at most `limit`. */
  listRefundsDue(now: Millis, limit: number): Promise<Run[]>;
  /** Retired templates whose schedule is open past `materialised_until`, at most `limit`. */
  listTemplatesToExtend(horizonEnd: Millis, limit: number): Promise<Run[]>;
}
