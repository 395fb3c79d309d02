import type { Message, Run } from "../domain/model.ts";
import { StoreUnavailableError } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { SendResult } from "../ports/message-store.port.ts";
import { refundRun } from "../use-cases/refund-run.ts";
import { fixRecipients } from "./fix-recipients.ts";

/** How a dispatch ended, for the caller's log and the tests. */
export type DispatchOutcome =
  | "completed"
  | "failed"
  | "paused"
  | "cancelled"
  | "lease_lost"
  | "provider_error"
  | "flags_unavailable"
  | "stopping";

/** Lets the app stop a dispatch at the next provider-call boundary (SIGTERM). */
export interface StopSignal {
  readonly stopping: boolean;
}

/**
 * Sends one claimed run in batches. Between batches it checks pause and cancel; between provider calls, cancel.
 * Every write is conditional on the claim's fence, so a worker that lost its lease cannot write. A recipient is
 * handed to the provider with the idempotency key `<run_id>:<seq>`, so a resend after a crash is a no-op there.
 */
export async function dispatchRun(deps: EngineDeps, claimed: Run, stop: StopSignal = { stopping: false }): Promise<DispatchOutcome> {
  const log = deps.logger.child({ campaign_id: claimed.campaign_id, run_id: claimed.run_id });
  const fence = claimed.fence;
  let run = claimed;

  // A cancel that stopped after flagging its runs but before flipping them is finished by the flag check below.
  if (!run.recipients_fixed) {
    const fixed = await fixRecipients(deps, run);
    if (!fixed.ok) {
      if (fixed.reason === "lease_lost") return "lease_lost";
      await finish(deps, run, "failed", fixed.reason);
      log.warn({ reason: fixed.reason }, "run failed before sending");
      return "failed";
    }
    run = fixed.run;
  }
  const started = await deps.runs.update(run.run_id, { fence, status: ["claimed", "running"] }, { status: "running", updated_at: deps.clock.now() });
  if (!started) return "lease_lost";
  run = started;

  for (;;) {
    if (stop.stopping) return release(deps, run, "stopping");
    const flags = await readFlags(deps, run, log);
    if (flags === null) return release(deps, run, "flags_unavailable");
    if (flags.cancelled) return stopCancelled(deps, run);
    if (flags.paused) return stopPaused(deps, run);

    const now = deps.clock.now();
    const renewed = await deps.runs.update(run.run_id, { fence, status: ["running"] }, {
      lease: { owner: run.lease?.owner ?? "worker", expires_at: now + deps.config.leaseMs },
      current_batch: Math.min(run.current_batch + 1, Math.max(run.total_batches, 1)),
      updated_at: now,
    });
    if (!renewed) return afterLostRenewal(deps, run);
    run = renewed;
    const batch = await deps.messages.takeBatch(run.run_id, fence, deps.config.batchSize, now);
    if (batch.length === 0) {
      const counts = await deps.messages.counts(run.run_id);
      const allFailed = counts.SENT + counts.DELIVERED === 0 && counts.FAILED > 0;
      await finish(deps, run, allFailed ? "failed" : "completed", allFailed ? "all_messages_failed" : null);
      log.info({ counts }, allFailed ? "run failed: every message was rejected" : "run completed");
      return allFailed ? "failed" : "completed";
    }
    const sent = await sendBatch(deps, run, batch, stop);
    if (sent.outcome === "lease_lost") return "lease_lost";
    if (sent.outcome === "cancelled") return stopCancelled(deps, run);
    if (sent.outcome === "provider_error") {
      const errors = run.provider_errors + 1;
      if (errors >= deps.config.maxProviderErrors) {
        await finish(deps, run, "failed", "provider_unavailable");
        return "failed";
      }
      await deps.runs.update(run.run_id, { fence }, { provider_errors: errors, lease: null, updated_at: deps.clock.now() });
      log.warn({ errors }, "provider unreachable; the run will be picked up again");
      return "provider_error";
    }
    if (run.provider_errors > 0) {
      const reset = await deps.runs.update(run.run_id, { fence }, { provider_errors: 0 });
      if (reset) run = reset;
    }
  }
}

interface BatchOutcome {
  readonly outcome: "done" | "cancelled" | "provider_error" | "lease_lost" | "flags_unavailable";
}

async function sendBatch(deps: EngineDeps, run: Run, batch: readonly Message[], stop: StopSignal): Promise<BatchOutcome> {
  const suppressed = await deps.groups.suppressed(run.workspace_id, batch.map((m) => m.phone));
  const results: SendResult[] = [];
  let unrecorded: SendResult[] = [];
  let outcome: BatchOutcome["outcome"] = "done";
  let leaseUntil = run.lease?.expires_at ?? 0;
  const parts = new Map(batch.map((m) => [m.seq, m.parts]));
  // Outcomes are recorded every `flushEvery` calls, not only at the end of the batch: a crash then re-presents
  // at most that many calls to the provider (under the same idempotency keys), not a whole batch.
  const flush = async (): Promise<boolean> => {
    if (unrecorded.length === 0) return true;
    const chunk = unrecorded;
    unrecorded = [];
    return (await record(deps, run, chunk, parts)) === chunk.length;
  };
  for (const m of batch) {
    if (stop.stopping) break;
    const now = deps.clock.now();
    if (now > leaseUntil - deps.config.leaseMs / 2) {
      // A slow provider must not let the lease run out mid-batch.
      leaseUntil = now + deps.config.leaseMs;
      const renewed = await deps.runs.update(run.run_id, { fence: run.fence }, { lease: { owner: run.lease?.owner ?? "worker", expires_at: leaseUntil } });
      if (!renewed) {
        outcome = "lease_lost";
        break;
      }
    }
    if (results.length > 0) {
      const flags = await readFlags(deps, run, deps.logger);
      if (flags === null) {
        outcome = "flags_unavailable";
        break;
      }
      if (flags.cancelled) {
        outcome = "cancelled";
        break;
      }
    }
    if (unrecorded.length >= deps.config.flushEvery && !(await flush())) {
      outcome = "lease_lost";
      break;
    }
    if (suppressed.has(m.phone)) {
      const skipped: SendResult = { seq: m.seq, status: "SKIPPED", provider_message_id: null, error: "suppressed" };
      results.push(skipped);
      unrecorded.push(skipped);
      continue;
    }
    try {
      const sent = await deps.gateway.send({
        idempotency_key: `${run.run_id}:${m.seq}`,
        channel: "sms",
        to: m.phone,
        sender_id: m.sender_id,
        body: m.body ?? "",
      });
      const outcomeOfCall: SendResult = sent.accepted
        ? { seq: m.seq, status: "SENT", provider_message_id: sent.provider_message_id, error: null }
        : { seq: m.seq, status: "FAILED", provider_message_id: null, error: sent.error };
      results.push(outcomeOfCall);
      unrecorded.push(outcomeOfCall);
    } catch (error) {
      deps.logger.warn({ run_id: run.run_id, seq: m.seq, err: String(error) }, "provider call failed");
      outcome = "provider_error";
      break;
    }
  }
  const allRecorded = await flush();
  const done = new Set(results.map((r) => r.seq));
  await deps.messages.releaseQueued(run.run_id, run.fence, batch.filter((m) => !done.has(m.seq)).map((m) => m.seq), deps.clock.now());
  if (!allRecorded || outcome === "lease_lost") return { outcome: "lease_lost" };
  if (outcome === "flags_unavailable") return { outcome: "done" };
  return { outcome };
}

/** Charges, then records, a chunk of outcomes; returns how many rows were recorded under this claim. */
async function record(deps: EngineDeps, run: Run, chunk: readonly SendResult[], parts: ReadonlyMap<number, number>): Promise<number> {
  const accepted = chunk.filter((r) => r.status === "SENT");
  // Charge first, then record: a crash in between re-sends under the same idempotency key and charges nothing twice.
  await deps.ledger.consume(run.workspace_id, run.run_id, accepted.map((r) => ({ key: String(r.seq), units: parts.get(r.seq) ?? 0 })));
  return deps.messages.recordResults(run.run_id, run.fence, chunk, deps.clock.now());
}

async function readFlags(deps: EngineDeps, run: Run, log: Logger) {
  try {
    return await deps.flags.read(run.run_id);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    log.warn({ run_id: run.run_id }, "flag store unavailable: sending nothing until it answers");
    return null;
  }
}

/**
 * The run's status is the truth at batch boundaries (flags are the fast path between provider calls): when the
 * renewal is refused because the run was paused or cancelled under this claim, stop as the flag would have.
 */
async function afterLostRenewal(deps: EngineDeps, run: Run): Promise<DispatchOutcome> {
  const current = await deps.runs.get(run.run_id);
  if (!current || current.fence !== run.fence) return "lease_lost";
  if (current.status === "cancelled") return stopCancelled(deps, run);
  if (current.status === "paused") return stopPaused(deps, run);
  // Resumed while this worker finished its batch: let go so the run is claimed again at once.
  if (current.status === "scheduled") return release(deps, run, "paused");
  return "lease_lost";
}

async function stopPaused(deps: EngineDeps, run: Run): Promise<DispatchOutcome> {
  const now = deps.clock.now();
  // The pause call normally flipped the run already; if it stopped after setting the flag, finish it here.
  await deps.runs.update(run.run_id, { fence: run.fence, status: ["claimed", "running"] }, { status: "paused", updated_at: now });
  await deps.runs.update(run.run_id, { fence: run.fence }, { lease: null, updated_at: now });
  return "paused";
}

async function stopCancelled(deps: EngineDeps, run: Run): Promise<DispatchOutcome> {
  await finish(deps, run, "cancelled", null);
  return "cancelled";
}

async function release(deps: EngineDeps, run: Run, outcome: DispatchOutcome): Promise<DispatchOutcome> {
  await deps.runs.update(run.run_id, { fence: run.fence }, { lease: null, updated_at: deps.clock.now() });
  return outcome;
}

/** Ends the run (if still held by this claim), releases the lease and refunds what was not sent. */
async function finish(deps: EngineDeps, run: Run, status: "completed" | "failed" | "cancelled", reason: string | null): Promise<void> {
  const now = deps.clock.now();
  const from = status === "cancelled" ? ["claimed", "running", "cancelled"] as const : ["claimed", "running"] as const;
  await deps.runs.update(run.run_id, { fence: run.fence, status: from }, {
    status,
    failure_reason: reason,
    refund_state: "due",
    lease: null,
    finished_at: now,
    updated_at: now,
  });
  try {
    await refundRun(deps, run.run_id);
  } catch (error) {
    deps.logger.warn({ run_id: run.run_id, err: String(error) }, "refund failed; the reconciler will retry it");
  }
}
