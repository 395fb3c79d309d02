import {
  campaignStatus,
  canMoveMessage,
  DELIVERED_OR_SENT,
  isTerminal,
  type Message,
  type MessageStatus,
  type Run,
  type RunView,
} from "../../core/index.ts";
import { firstDifference, type Observed, observe } from "./observe.ts";
import { CONCURRENT_LAUNCHES_MIX_PLANS } from "./findings.ts";
import { ACTOR, type ModelWorld } from "./world.ts";

/** Thrown when an invariant does not hold; fast-check then shrinks the command sequence. */
export class InvariantViolation extends Error {
  constructor(readonly invariant: string, detail: string) {
    super(`invariant ${invariant} violated: ${detail}`);
    this.name = "InvariantViolation";
  }
}

function fail(invariant: string, detail: string): never {
  throw new InvariantViolation(invariant, detail);
}

/** Reports the first violation the call-time checks recorded under `name`. */
function recorded(w: ModelWorld, name: string): void {
  const v = w.violations.find((x) => x.invariant === name);
  if (v) fail(name, v.detail);
}

/** Never twice: no call broke the claim rules, and the provider got each recipient of a run at most once. */
export function noRecipientHandedTwice(w: ModelWorld): void {
  recorded(w, "noRecipientHandedTwice");
  const handed = new Set(w.calls.filter((c) => c.outcome !== "attempted").map((c) => c.key));
  if (handed.size !== w.sim.sent.length) {
    fail("noRecipientHandedTwice", `${handed.size} distinct idempotency keys handed over, but the provider recorded ${w.sim.sent.length} messages`);
  }
  const byRecipient = new Map<string, string>();
  for (const s of w.sim.sent) {
    const runId = s.idempotency_key.slice(0, s.idempotency_key.lastIndexOf(":"));
    const other = byRecipient.get(`${runId} ${s.to}`);
    if (other !== undefined) fail("noRecipientHandedTwice", `${s.to} was handed over twice for ${runId} (keys ${other} and ${s.idempotency_key})`);
    byRecipient.set(`${runId} ${s.to}`, s.idempotency_key);
  }
}

/** No run was claimed while another worker's lease on it was still live. */
export function claimsNeverOverlap(w: ModelWorld): void {
  recorded(w, "claimsNeverOverlap");
}

/** After a cancel only the provider call already in flight goes out. */
export function nothingSentAfterCancel(w: ModelWorld): void {
  recorded(w, "nothingSentAfterCancel");
}

/** A number opted out before a batch was taken is not handed over in that batch (nor in any later one). */
export function optOutsHonoured(w: ModelWorld): void {
  recorded(w, "optOutsHonoured");
}

/** A cancelled campaign stays cancelled, and the runs it had then stay terminal. */
export function cancelIsSticky(w: ModelWorld, o: Observed): void {
  for (const id of w.cancelled) {
    const c = o.campaigns.find((x) => x.campaign_id === id);
    if (!c || c.cancelled_at === null) fail("cancelIsSticky", `campaign ${id} left cancelled`);
    const status = campaignStatus(c, o.runs.filter((r) => r.campaign_id === id));
    if (status !== "cancelled") fail("cancelIsSticky", `campaign ${id} shows status ${status}`);
  }
  for (const r of o.runs) {
    if (w.cancelledRuns.has(r.run_id) && !isTerminal(r.status)) fail("cancelIsSticky", `run ${r.run_id} of a cancelled campaign is ${r.status}`);
  }
}

const countOf = (rows: readonly Message[], ...s: MessageStatus[]) => rows.filter((m) => s.includes(m.status)).length;

/** What is wrong with one run's counters, or null. */
function counterProblem(v: RunView, rows: readonly Message[], run: Run | undefined): string | null {
  const what = `run ${v.run_id} (${v.status}): ${JSON.stringify(v)}`;
  if (v.sent + v.failed + v.skipped + v.pending !== v.recipient_count) return `counters do not add up, ${what}`;
  if (v.delivered > v.sent) return `delivered > sent, ${what}`;
  const expected = [countOf(rows, "SENT", "DELIVERED"), countOf(rows, "DELIVERED"), countOf(rows, "FAILED"), countOf(rows, "SKIPPED"), countOf(rows, "PENDING", "QUEUED")];
  if (JSON.stringify([v.sent, v.delivered, v.failed, v.skipped, v.pending]) !== JSON.stringify(expected)) {
    return `counters differ from the rows ${JSON.stringify(expected)}, ${what}`;
  }
  if (run && (run.recipients_fixed ? v.recipient_count !== rows.length : rows.length !== 0)) {
    return `${rows.length} rows but recipients_fixed=${run.recipients_fixed}, ${what}`;
  }
  return null;
}

/** sent + failed + skipped + pending = recipient_count, delivered <= sent, and each equals the message rows. */
export async function countersAddUp(w: ModelWorld, o: Observed): Promise<void> {
  for (const id of w.campaigns) {
    const views = await w.service.listRuns(ACTOR, id);
    if (!views.ok) return fail("countersAddUp", `listRuns(${id}) refused: ${views.error.message}`);
    for (const v of views.value) {
      const problem = counterProblem(v, o.rows.get(v.run_id) ?? [], o.runs.find((r) => r.run_id === v.run_id));
      if (problem && !w.tolerates(CONCURRENT_LAUNCHES_MIX_PLANS, v.run_id)) fail("countersAddUp", problem);
    }
  }
}

/**
 * Units are conserved: consumed = parts of the messages the provider accepted (recorded ones, plus any whose
 * acceptance is not recorded yet); refunds only on terminal runs; a done refund leaves reserved = consumed +
 * refunded; balance = credits - reserved + refunded.
 */
export function ledgerConserved(w: ModelWorld, o: Observed): void {
  const accepted = new Set(w.sim.sent.filter((s) => s.accepted).map((s) => s.idempotency_key));
  let reserved = 0;
  let refunded = 0;
  for (const run of o.runs) {
    const t = o.totals.get(run.run_id)!;
    const rows = o.rows.get(run.run_id) ?? [];
    const recorded = rows.filter((m) => m.provider_message_id !== null).reduce((s, m) => s + m.parts, 0);
    const unrecorded = rows
      .filter((m) => m.provider_message_id === null && accepted.has(`${run.run_id}:${m.seq}`))
      .reduce((s, m) => s + m.parts, 0);
    const what = `run ${run.run_id} (${run.status}, refund ${run.refund_state}): ${JSON.stringify(t)}`;
    if (t.consumed < recorded || t.consumed > recorded + unrecorded) {
      fail("ledgerConserved", `consumed is not the parts the provider accepted (${recorded} recorded, ${unrecorded} unrecorded), ${what}`);
    }
    if (t.consumed + t.refunded > t.reserved) fail("ledgerConserved", `consumed + refunded > reserved, ${what}`);
    if (t.refunded > 0 && !isTerminal(run.status)) fail("ledgerConserved", `refund on a run that can still send, ${what}`);
    if (run.refund_state === "done" && t.reserved !== t.consumed + t.refunded) fail("ledgerConserved", `done refund left units held, ${what}`);
    reserved += t.reserved;
    refunded += t.refunded;
  }
  if (o.balance !== w.credits - reserved + refunded) {
    fail("ledgerConserved", `balance ${o.balance} != credits ${w.credits} - reserved ${reserved} + refunded ${refunded}`);
  }
}

const reachable = (from: MessageStatus, to: MessageStatus): boolean => {
  const seen = new Set<MessageStatus>([from]);
  const queue = [from];
  const all: MessageStatus[] = ["PENDING", "QUEUED", "SENT", "DELIVERED", "FAILED", "SKIPPED"];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const n of all) {
      if (seen.has(n) || !canMoveMessage(s, n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  return seen.has(to);
};

/** A message's status only moves forward; a message handed to the provider never disappears. */
export function messageStatusNeverBackwards(w: ModelWorld, o: Observed): void {
  const now = new Map<string, MessageStatus>();
  for (const rows of o.rows.values()) for (const m of rows) now.set(m.message_id, m.status);
  for (const [id, last] of w.lastMessage) {
    const current = now.get(id);
    if (current === undefined && last !== "PENDING" && last !== "SKIPPED") fail("messageStatusNeverBackwards", `message ${id} (${last}) vanished`);
    if (current !== undefined && current !== last && !reachable(last, current)) {
      fail("messageStatusNeverBackwards", `message ${id} moved ${last} -> ${current}`);
    }
  }
  w.lastMessage.clear();
  for (const [id, s] of now) w.lastMessage.set(id, s);
}

/** A recurring schedule only moves forward: each new occurrence comes after every occurrence created before it. */
export function occurrencesMoveForward(w: ModelWorld, o: Observed): void {
  const children = o.runs.filter((r) => r.parent_run_id !== null).sort((a, b) => a.recurrence_index! - b.recurrence_index!);
  for (const r of children) {
    if (w.occurrenceAt.has(r.run_id) || r.scheduled_at === null) continue;
    const latest = w.latestOccurrence.get(r.parent_run_id!) ?? Number.NEGATIVE_INFINITY;
    w.occurrenceAt.set(r.run_id, r.scheduled_at);
    w.latestOccurrence.set(r.parent_run_id!, Math.max(latest, r.scheduled_at));
    if (r.scheduled_at <= latest) {
      fail("occurrencesMoveForward", `occurrence #${r.recurrence_index} (${r.run_id}) of ${r.parent_run_id} is at ${new Date(r.scheduled_at).toISOString()}, not after ${new Date(latest).toISOString()}`);
    }
  }
}

/** completed, failed, cancelled and retired are for ever. */
export function terminalRunsStayTerminal(w: ModelWorld, o: Observed): void {
  for (const r of o.runs) {
    const last = w.lastRun.get(r.run_id);
    if (last && isTerminal(last) && r.status !== last) fail("terminalRunsStayTerminal", `run ${r.run_id} moved ${last} -> ${r.status}`);
    w.lastRun.set(r.run_id, r.status);
  }
}

/** Never lost: a completed run has no recipient left PENDING or QUEUED. */
export function completedRunsLostNobody(o: Observed): void {
  for (const r of o.runs) {
    const open = (o.rows.get(r.run_id) ?? []).filter((m) => m.status === "PENDING" || m.status === "QUEUED");
    if (r.status === "completed" && open.length > 0) fail("completedRunsLostNobody", `completed run ${r.run_id} left ${open.map((m) => `${m.phone}:${m.status}`).join(", ")}`);
  }
}

/** Never stuck, in shape: no run is in a state no worker or client call can move it out of. */
export function everyRunCanProgress(o: Observed): void {
  const cancelled = new Set(o.campaigns.filter((c) => c.cancelled_at !== null).map((c) => c.campaign_id));
  for (const r of o.runs) {
    const why = r.status === "scheduled" && r.scheduled_at === null
      ? "scheduled without a time"
      : (r.status === "paused" || r.status === "ready") && cancelled.has(r.campaign_id)
      ? `${r.status} in a cancelled campaign`
      : r.status === "retired" && r.recurrence === null
      ? "retired but not a template"
      : null;
    if (why) fail("everyRunCanProgress", `run ${r.run_id}: ${why}`);
  }
}

/** Every invariant that holds after every command. */
export async function checkAlways(w: ModelWorld): Promise<void> {
  noRecipientHandedTwice(w);
  claimsNeverOverlap(w);
  nothingSentAfterCancel(w);
  optOutsHonoured(w);
  const other = w.violations[0];
  if (other) fail(other.invariant, other.detail);
  const o = await observe(w);
  cancelIsSticky(w, o);
  await countersAddUp(w, o);
  ledgerConserved(w, o);
  messageStatusNeverBackwards(w, o);
  terminalRunsStayTerminal(w, o);
  occurrencesMoveForward(w, o);
  completedRunsLostNobody(o);
  everyRunCanProgress(o);
}

/** Retry never includes a recipient whose latest status on the source run was SENT or DELIVERED. */
export function retryExcludesSent(sourceBefore: readonly Message[], retryRows: readonly Message[], retryId: string): void {
  const reached = new Set(sourceBefore.filter((m) => DELIVERED_OR_SENT.includes(m.status)).map((m) => m.phone));
  const again = retryRows.filter((m) => reached.has(m.phone)).map((m) => m.phone);
  if (again.length > 0) fail("retryExcludesSent", `retry ${retryId} includes ${again.join(", ")}, already SENT/DELIVERED on its source`);
}

const without = (r: Run, ...keys: (keyof Run)[]) => JSON.stringify({ ...r, ...Object.fromEntries(keys.map((k) => [k, null])) });

/** Pause flips claimed/running runs to paused and touches nothing else (nothing at all once cancelled). */
export function pauseTouchesOnlyActive(before: readonly Run[], after: readonly Run[], cancelled: boolean): void {
  for (const b of before) {
    const a = after.find((r) => r.run_id === b.run_id)!;
    const active = !cancelled && (b.status === "claimed" || b.status === "running");
    if (active && (a.status !== "paused" || without(a, "status", "updated_at") !== without(b, "status", "updated_at"))) {
      fail("pauseTouchesOnlyActive", `active run ${b.run_id} became ${JSON.stringify(a)}`);
    }
    if (!active && JSON.stringify(a) !== JSON.stringify(b)) fail("pauseTouchesOnlyActive", `pause changed ${b.status} run ${b.run_id}: ${firstDifference(JSON.stringify(b), JSON.stringify(a))}`);
  }
}

/** Resume is go-now: paused runs become scheduled at now; nothing else changes (nothing at all once cancelled). */
export function resumeGoesNow(before: readonly Run[], after: readonly Run[], now: number, cancelled: boolean): void {
  for (const b of before) {
    const a = after.find((r) => r.run_id === b.run_id)!;
    if (b.status === "paused" && !cancelled) {
      if (a.status !== "scheduled" || a.scheduled_at !== now) fail("resumeGoesNow", `paused run ${b.run_id} became ${a.status} at ${a.scheduled_at}, not scheduled at ${now}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      fail("resumeGoesNow", `resume changed ${b.status} run ${b.run_id}: ${firstDifference(JSON.stringify(b), JSON.stringify(a))}`);
    }
  }
}

/** Validate, and any call the engine refuses, changes nothing observable. */
export function unchanged(invariant: string, before: string, after: string): void {
  if (before !== after) fail(invariant, firstDifference(before, after));
}

/**
 * Never stuck: once the clock has passed every lease and pickup window and a fresh worker has drained with
 * everything up, each run is terminal, paused, ready, or scheduled in the future, and no refund is still due.
 */
export function atRest(o: Observed, now: number): void {
  for (const r of o.runs) {
    const resting = isTerminal(r.status) || r.status === "paused" || r.status === "ready" ||
      (r.status === "scheduled" && r.scheduled_at !== null && r.scheduled_at > now);
    if (!resting) fail("noRunIsStuck", `run ${r.run_id} is ${r.status} (scheduled_at ${r.scheduled_at}, lease ${JSON.stringify(r.lease)}) after settling`);
    if (r.refund_state === "due") fail("noRunIsStuck", `run ${r.run_id} (${r.status}) still has a refund due after the reconciler ran`);
  }
}
