/**
 * Filters and updates of the `runs` collection. A run is stored as itself plus `_id = run_id`.
 * @module
 */
import type { Document, Filter, Sort, UpdateFilter } from "mongodb";
import type { Millis, Run } from "../../../core/domain/model.ts";
import type { ClaimRequest, RunCondition, RunPatch } from "../../../core/ports/run-store.port.ts";
import type { Stored } from "./stored.documents.ts";

/** Creation order, as the in-memory store sorts (created_at, then run_id). */
export const CREATION_SORT: Sort = { created_at: 1, run_id: 1 };
/** The claim takes the earliest due run; ties by creation order. */
export const CLAIM_SORT: Sort = { scheduled_at: 1, created_at: 1, run_id: 1 };

/** The stored form of a run. */
export function toRunDoc(run: Run): Stored {
  return { _id: run.run_id, ...run };
}

/** The domain form of a stored run. */
export function fromRunDoc(doc: Document): Run {
  const { _id: _ignored, ...run } = doc;
  return run as Run;
}

/** A live lease blocks a claim; a missing or run-out one does not. */
function leaseFreeAt(now: Millis): Filter<Stored> {
  return { $or: [{ lease: null }, { "lease.expires_at": { $lte: now } }] };
}

/**
 * The claimability condition, evaluated by the server inside the claim's single `findOneAndUpdate`:
 * `scheduled` with windowStart <= scheduled_at <= now (null never matches a range) and no live lease (a resumed
 * run whose worker still finishes its batch waits for it), or `claimed`/`running` with no live lease (its holder
 * died). Because the filter is re-checked atomically with the write, two
 * workers can never both take the same run: the loser's filter no longer matches and it moves on.
 */
export function claimNextFilter(request: ClaimRequest): Filter<Stored> {
  return {
    $or: [
      { status: "scheduled", scheduled_at: { $ne: null, $gte: request.windowStart, $lte: request.now }, ...leaseFreeAt(request.now) },
      { status: { $in: ["claimed", "running"] }, ...leaseFreeAt(request.now) },
    ],
  };
}

/** The claim: status `claimed`, a lease for the caller, and a new fencing token (`fence + 1`). */
export function claimNextUpdate(request: ClaimRequest): UpdateFilter<Stored> {
  return {
    $set: { status: "claimed", lease: { owner: request.owner, expires_at: request.now + request.leaseMs }, updated_at: request.now },
    $inc: { fence: 1 },
  };
}

/**
 * The precondition of a conditional run write. With `fence` set only the current claim holder matches:
 * a worker whose lease was taken over holds an older fence, so every write it attempts matches nothing.
 */
export function fencedUpdateFilter(runId: string, condition: RunCondition): Filter<Stored> {
  const filter: Filter<Stored> = { _id: runId };
  if (condition.status) filter["status"] = { $in: [...condition.status] };
  if (condition.fence !== undefined) filter["fence"] = condition.fence;
  return filter;
}

/** `$set` of exactly the patch's fields (undefined ones are left out: the driver would store them as null). */
export function runPatchUpdate(patch: RunPatch): UpdateFilter<Stored> | null {
  const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return Object.keys(fields).length === 0 ? null : { $set: fields };
}

/** Runs of a campaign (sort with {@link CREATION_SORT}). */
export function byCampaignFilter(campaignId: string): Filter<Stored> {
  return { campaign_id: campaignId };
}

/** Runs still `scheduled` whose time fell before the pickup window. */
export function overdueFilter(windowStart: Millis): Filter<Stored> {
  return { status: "scheduled", scheduled_at: { $ne: null, $lt: windowStart } };
}

/** Runs owing a refund that no live lease holds. */
export function refundsDueFilter(now: Millis): Filter<Stored> {
  return { refund_state: "due", ...leaseFreeAt(now) };
}

/** Retired templates whose materialised schedule ends before `horizonEnd`. */
export function templatesToExtendFilter(horizonEnd: Millis): Filter<Stored> {
  return { status: "retired", recurrence: { $ne: null }, materialised_until: { $ne: null, $lt: horizonEnd } };
}
