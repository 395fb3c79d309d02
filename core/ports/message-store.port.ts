import type { Message, MessageCounts, MessageStatus, Millis } from "../domain/model.ts";

export interface SendResult {
  readonly seq: number;
  readonly status: "SENT" | "FAILED" | "SKIPPED";
  readonly provider_message_id: string | null;
  readonly error: string | null;
}

export type DeliveryReportOutcome = "applied" | "ignored" | "unknown";

/**
 * The recipients of each run and the message each one gets. All writes are bulk: one call per batch.
 * Implementations throw `StoreUnavailableError` when the backend cannot be reached.
 */
export interface MessageStore {
  /** Writes a run's recipient list. Rows already present for (run_id, seq) are left as they are. */
  insertMany(messages: readonly Message[]): Promise<void>;
  /** Removes every row of a run that was never triggered (used to undo a launch that did not complete). */
  deleteRun(runId: string): Promise<void>;
  /**
   * Takes the next batch for the holder of `fence`: first rows left `QUEUED` by an earlier holder
   * (their provider call may have happened), then `PENDING` rows in seq order, up to `limit` in all.
   * Every returned row is `QUEUED` with `fence` set, in one atomic write. Rows whose fence is already above
   * `fence` are never taken: a holder whose lease was taken over cannot take back its successor's rows.
   */
  takeBatch(runId: string, fence: number, limit: number, now: Millis): Promise<Message[]>;
  /** Records provider outcomes for rows `QUEUED` under `fence`; returns how many rows changed. */
  recordResults(runId: string, fence: number, results: readonly SendResult[], now: Millis): Promise<number>;
  /** Puts rows `QUEUED` under `fence` and not in `results` back to `PENDING` (a batch cut short). */
  releaseQueued(runId: string, fence: number, seqs: readonly number[], now: Millis): Promise<void>;
  counts(runId: string): Promise<MessageCounts>;
  /** Sum of `parts` over rows in the given statuses. */
  sumParts(runId: string, statuses: readonly MessageStatus[]): Promise<number>;
  /** Rows in seq order after `afterSeq` (exclusive), optionally with one status. */
  list(runId: string, options: { status?: MessageStatus; afterSeq: number; limit: number }): Promise<Message[]>;
  /**
   * Moves a message SENT -> DELIVERED or SENT -> FAILED by provider id. Never moves one backwards:
   * a duplicate or late report is `ignored`. A report for an id not recorded yet is kept and applied
   * when the send is recorded (`unknown` is returned now).
   */
  applyDeliveryReport(providerMessageId: string, status: "DELIVERED" | "FAILED", now: Millis): Promise<DeliveryReportOutcome>;
}
