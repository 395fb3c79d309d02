import type { ModelStores } from "./types.ts";
import type { ProviderCall } from "./probe-gateway.ts";
import type { ProcTrace, TraceHost } from "./tracking.ts";

/** What the call-time checks read. */
export interface CallCheckHost extends TraceHost {
  readonly stores: ModelStores;
  event(name: string): void;
}

/**
 * Checks one provider call as it starts, against the raw stores (what the engine cannot lie about):
 * - the caller holds a claim on the run, and the row it hands over is QUEUED under that claim; once another
 *   claim superseded it, at most the one call it had already decided on may still go out;
 * - no idempotency key is handed twice under one claim;
 * - after a run's cancel flag is set, a worker calls only if it read the flags since its previous call and they
 *   did not say cancelled (so only the call in flight at the cancel goes out);
 * - a number opted out before the batch was taken is not handed over in that batch.
 * Violations are recorded; the named invariants report them after the command.
 */
export async function checkProviderCall(host: CallCheckHost, trace: ProcTrace, call: ProviderCall): Promise<void> {
  const claim = trace.claims.get(call.runId);
  if (!claim) {
    host.violate("noRecipientHandedTwice", `${call.worker} handed ${call.key} for a run it never claimed`);
    return;
  }
  const run = await host.stores.runs.get(call.runId);
  const [row] = await host.stores.messages.list(call.runId, { afterSeq: call.recipientSeq - 1, limit: 1 });
  if (!run || run.fence !== claim.fence) {
    const n = (trace.staleCalls.get(call.runId) ?? 0) + 1;
    trace.staleCalls.set(call.runId, n);
    host.event("call_after_claim_superseded");
    if (n > 1) {
      host.violate(
        "noRecipientHandedTwice",
        `${call.worker} kept handing recipients of ${call.runId} after losing its claim (its fence ${claim.fence}, ` +
          `the run's ${run?.fence}): ${call.key} is its call #${n} since`,
      );
    }
  } else if (!row || row.seq !== call.recipientSeq || row.status !== "QUEUED" || row.fence !== claim.fence) {
    const seen = row && row.seq === call.recipientSeq ? `${row.status} under fence ${row.fence}` : "missing";
    host.violate(
      "noRecipientHandedTwice",
      `${call.worker} handed ${call.key} whose row is ${seen}, not QUEUED under its claim (fence ${claim.fence})`,
    );
  }
  const mark = `${call.key}#${claim.fence}`;
  if (trace.keysCalled.has(mark)) {
    host.violate("noRecipientHandedTwice", `${call.worker} handed ${call.key} twice under one claim (fence ${claim.fence})`);
  }
  trace.keysCalled.add(mark);

  if (host.cancelSeq.has(call.runId)) {
    const read = trace.lastRead.get(call.runId);
    const previous = trace.lastCall.get(call.runId) ?? -1;
    if (read?.cancelled) {
      host.violate("nothingSentAfterCancel", `${call.worker} handed ${call.key} after reading the run's cancel flag`);
    } else if (!read || read.seq < previous) {
      host.violate(
        "nothingSentAfterCancel",
        `${call.worker} handed ${call.key} of a cancelled run without reading the flags since its previous call`,
      );
    }
  }
  trace.lastCall.set(call.runId, call.seq);

  const optedOut = host.suppressedAt.get(call.to);
  const batch = trace.batchSeq.get(call.runId);
  if (optedOut !== undefined && batch !== undefined && optedOut < batch) {
    host.violate("optOutsHonoured", `${call.worker} handed ${call.key} to ${call.to}, opted out before that batch was taken`);
  }
}
