import { type CampaignService, isTerminal, type Result, StoreUnavailableError } from "../../core/index.ts";
import { InvariantViolation, pauseTouchesOnlyActive, resumeGoesNow, retryExcludesSent, unchanged } from "./invariants.ts";
import { rowsOf, snapshot } from "./observe.ts";
import { ACTOR, type ModelWorld } from "./world.ts";

/**
 * The client calls that several commands make (directly, from inside a provider call, or in a race), with the
 * model's bookkeeping and the checks that hold for them. `strict`: nothing else runs meanwhile, so the call's
 * effect can be compared exactly; in a race only what stays true under interleaving is checked.
 */

export type Outcome<T> = Result<T> | "unavailable";

const expect = (invariant: string, ok: boolean, detail: string) => {
  if (!ok) throw new InvariantViolation(invariant, detail);
};

/** Runs a service call; a refusal (or an unavailable flag store) must leave everything as it was. */
export async function guarded<T>(w: ModelWorld, name: string, strict: boolean, call: () => Promise<Result<T>>): Promise<Outcome<T>> {
  const before = strict ? await snapshot(w) : null;
  try {
    const result = await call();
    w.event(`${name}_${result.ok ? "ok" : result.error.kind}`);
    if (!result.ok && before !== null) unchanged("rejectedCallChangesNothing", before, await snapshot(w));
    return result;
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    w.event(`${name}_unavailable`);
    if (before !== null) unchanged("rejectedCallChangesNothing", before, await snapshot(w));
    return "unavailable";
  }
}

export async function pauseAction(w: ModelWorld, campaignId: string, strict: boolean, svc: CampaignService = w.service): Promise<void> {
  const before = await w.stores.runs.listByCampaign(campaignId);
  const r = await guarded(w, "pause", strict, () => svc.pause(ACTOR, campaignId));
  if (r === "unavailable") return;
  expect("pauseIsAccepted", r.ok, `pause refused: ${JSON.stringify(r)}`);
  if (strict) pauseTouchesOnlyActive(before, await w.stores.runs.listByCampaign(campaignId), w.cancelled.has(campaignId));
}

export async function resumeAction(w: ModelWorld, campaignId: string, strict: boolean, svc: CampaignService = w.service): Promise<void> {
  const before = await w.stores.runs.listByCampaign(campaignId);
  const r = await guarded(w, "resume", strict, () => svc.resume(ACTOR, campaignId));
  if (r === "unavailable") return;
  const cancelled = w.cancelled.has(campaignId);
  expect("resumeRefusedOnlyWhenCancelled", r.ok !== cancelled || !strict, `resume of a ${cancelled ? "" : "not "}cancelled campaign: ${JSON.stringify(r)}`);
  if (strict) resumeGoesNow(before, await w.stores.runs.listByCampaign(campaignId), w.clock.now(), cancelled);
}

export async function cancelAction(w: ModelWorld, campaignId: string, strict: boolean, svc: CampaignService = w.service): Promise<void> {
  const r = await guarded(w, "cancel", strict, () => svc.cancel(ACTOR, campaignId));
  if (r === "unavailable") return;
  expect("cancelIsAccepted", r.ok, `cancel refused: ${JSON.stringify(r)}`);
  w.cancelled.add(campaignId);
  for (const run of await w.stores.runs.listByCampaign(campaignId)) {
    if (isTerminal(run.status)) w.cancelledRuns.add(run.run_id);
    else if (strict) throw new InvariantViolation("cancelFlipsEveryRun", `run ${run.run_id} is ${run.status} after cancel returned`);
  }
}

/** Retries `runId`; the new run must leave out every recipient already SENT or DELIVERED on the source. */
export async function retryAction(
  w: ModelWorld,
  campaignId: string,
  runId: string,
  strict: boolean,
  svc: CampaignService = w.service,
): Promise<void> {
  const source = await w.stores.runs.get(runId);
  const rowsBefore = await rowsOf(w, runId);
  const r = await guarded(w, "retry", strict, () => svc.retry(ACTOR, campaignId, runId));
  if (r === "unavailable") return;
  const retryable = source?.status === "failed" || source?.status === "cancelled";
  expect("retryOnlyFailedOrCancelled", !r.ok || retryable || !strict, `retry of a ${source?.status} run succeeded`);
  if (!r.ok) return;
  // In a race a report may move SENT -> FAILED meanwhile: count only what was SENT/DELIVERED before and after.
  const rowsAfter = strict ? rowsBefore : await rowsOf(w, runId);
  const stillSent = new Set(rowsAfter.filter((m) => m.status === "SENT" || m.status === "DELIVERED").map((m) => m.seq));
  const retryRows = await rowsOf(w, r.value.run_id);
  retryExcludesSent(rowsBefore.filter((m) => stillSent.has(m.seq)), retryRows, r.value.run_id);
  // A worker that still holds the source (it stops at the next call after a cancel, then records its batch)
  // may be about to record these as SENT: taking them again sends them twice.
  const now = w.clock.now();
  if (source?.lease && source.lease.expires_at > now) {
    const called = new Set(w.calls.map((c) => c.key));
    const inFlight = new Set(rowsBefore.filter((m) => m.status === "QUEUED" && called.has(`${runId}:${m.seq}`)).map((m) => m.phone));
    const again = retryRows.filter((m) => inFlight.has(m.phone)).map((m) => m.phone);
    if (again.length > 0) {
      w.violate(
        "retryExcludesInFlight",
        `retry ${r.value.run_id} takes ${again.join(", ")}, handed over for ${runId} but not recorded yet, while its worker still holds it (lease until ${new Date(source.lease.expires_at).toISOString()})`,
      );
    }
  }
}

export async function launchAction(
  w: ModelWorld,
  campaignId: string,
  runId: string | null,
  strict: boolean,
  svc: CampaignService = w.service,
): Promise<void> {
  const r = await guarded(w, "launch", strict, () => svc.launch(ACTOR, campaignId, runId ? { run_id: runId } : {}));
  if (r === "unavailable") return;
  if (strict && w.cancelled.has(campaignId)) expect("cancelIsSticky", !r.ok, `launch of cancelled campaign ${campaignId} succeeded`);
  if (r.ok && strict) {
    const run = await w.stores.runs.get(r.value.run_id);
    expect("launchSchedulesTheRun", run?.status === "scheduled", `launched run is ${run?.status}`);
  }
}
