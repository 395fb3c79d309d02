import type { EngineDeps } from "../deps.ts";

/**
 * Gives back the unsent part of a finished run's reservation, once, and marks the refund done. Safe to repeat
 * and to run from several places (the worker, cancel, the reconciler): the ledger applies it once per run.
 */
export async function refundRun(deps: EngineDeps, runId: string): Promise<void> {
  const run = await deps.runs.get(runId);
  if (!run || run.refund_state !== "due") return;
  const units = await deps.ledger.refundRemainder(run.workspace_id, run.run_id, "final");
  await deps.runs.update(run.run_id, { status: [run.status] }, { refund_state: "done", updated_at: deps.clock.now() });
  deps.logger.info({ run_id: run.run_id, campaign_id: run.campaign_id, units }, "reservation refunded");
}
