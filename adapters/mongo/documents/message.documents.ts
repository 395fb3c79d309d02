/**
 * Filters, updates, bulk operations and pipelines of the `messages` collection. A message is stored as itself
 * plus `_id = message_id`, with its attributes as pairs (see `attributes.documents.ts`).
 * @module
 */
import type { AnyBulkWriteOperation, Document, Filter, Sort, UpdateFilter } from "mongodb";
import type { Message, MessageCounts, MessageStatus, Millis } from "../../../core/domain/model.ts";
import { ZERO_COUNTS } from "../../../core/domain/model.ts";
import type { SendResult } from "../../../core/ports/message-store.port.ts";
import { type AttributePair, decodeAttributes, encodeAttributes } from "./attributes.documents.ts";
import type { Stored } from "./stored.documents.ts";

export const SEQ_SORT: Sort = { seq: 1 };

/** The stored form of a message. */
export function toMessageDoc(message: Message): Stored {
  return { _id: message.message_id, ...message, attributes: encodeAttributes(message.attributes) };
}

/** The domain form of a stored message. */
export function fromMessageDoc(doc: Document): Message {
  const { _id: _ignored, attributes, ...rest } = doc;
  return { ...rest, attributes: decodeAttributes(attributes as AttributePair[]) } as Message;
}

/**
 * takeBatch, step 1: candidate rows of one status, read in seq order (QUEUED first, then PENDING).
 * A row whose fence is newer than the caller's belongs to a later claim and is never a candidate.
 */
export function takeBatchCandidatesFilter(runId: string, status: "QUEUED" | "PENDING", fence: number): Filter<Stored> {
  return { run_id: runId, status, fence: { $lte: fence } };
}

/**
 * takeBatch, step 2: one `updateMany` over the candidates, re-checking on the server that each row is still
 * QUEUED/PENDING and not marked by a newer claim. A row's fence therefore only ever grows, so a worker that
 * lost its lease cannot take back rows its successor marked, whatever the interleaving.
 */
export function takeBatchFilter(runId: string, fence: number, seqs: readonly number[]): Filter<Stored> {
  return { run_id: runId, seq: { $in: [...seqs] }, status: { $in: ["QUEUED", "PENDING"] }, fence: { $lte: fence } };
}

/** takeBatch, step 2's update: the row is handed to this claim. */
export function takeBatchUpdate(fence: number, now: Millis): UpdateFilter<Stored> {
  return { $set: { status: "QUEUED", fence, updated_at: now } };
}

/**
 * takeBatch, step 3: the candidates this claim now holds (sort by seq). A candidate that a newer claim
 * marked between steps 1 and 2 is not returned, so the caller sends only rows it really holds.
 */
export function takenRowsFilter(runId: string, fence: number, seqs: readonly number[]): Filter<Stored> {
  return { run_id: runId, seq: { $in: [...seqs] }, status: "QUEUED", fence };
}

/** One `updateOne` per result, each touching the row only while it is QUEUED under the caller's fence. */
export function recordResultsOps(runId: string, fence: number, results: readonly SendResult[], now: Millis): AnyBulkWriteOperation<Stored>[] {
  return results.map((r) => ({
    updateOne: {
      filter: { run_id: runId, seq: r.seq, status: "QUEUED", fence },
      update: { $set: { status: r.status, provider_message_id: r.provider_message_id, error: r.error, updated_at: now } },
    },
  }));
}

/** Rows of a batch cut short go back to PENDING, only if still QUEUED under the caller's fence. */
export function releaseQueuedFilter(runId: string, fence: number, seqs: readonly number[]): Filter<Stored> {
  return { run_id: runId, fence, status: "QUEUED", seq: { $in: [...seqs] } };
}

export function releaseQueuedUpdate(now: Millis): UpdateFilter<Stored> {
  return { $set: { status: "PENDING", updated_at: now } };
}

/** Message counts by status: one group per status present. */
export function countsPipeline(runId: string): Document[] {
  return [{ $match: { run_id: runId } }, { $group: { _id: "$status", n: { $sum: 1 } } }];
}

/** Folds {@link countsPipeline} output into counts with every status present. */
export function countsFromGroups(groups: readonly Document[]): MessageCounts {
  const counts: Record<MessageStatus, number> = { ...ZERO_COUNTS };
  for (const g of groups) if (typeof g["_id"] === "string" && g["_id"] in counts) counts[g["_id"] as MessageStatus] = g["n"] as number;
  return counts;
}

/** Sum of parts over rows in `statuses`: zero or one output document `{ parts }`. */
export function sumPartsPipeline(runId: string, statuses: readonly MessageStatus[]): Document[] {
  return [{ $match: { run_id: runId, status: { $in: [...statuses] } } }, { $group: { _id: null, parts: { $sum: "$parts" } } }];
}

/** Rows after `afterSeq`, optionally of one status (sort with {@link SEQ_SORT}). */
export function listFilter(runId: string, options: { status?: MessageStatus; afterSeq: number }): Filter<Stored> {
  return { run_id: runId, seq: { $gt: options.afterSeq }, ...(options.status ? { status: options.status } : {}) };
}

/** A delivery report moves only a SENT message: a late or repeated report finds nothing to move. */
export function deliveryReportFilter(providerMessageId: string): Filter<Stored> {
  return { provider_message_id: providerMessageId, status: "SENT" };
}

export function deliveryReportUpdate(status: "DELIVERED" | "FAILED", now: Millis): UpdateFilter<Stored> {
  return { $set: { status, updated_at: now } };
}

/** Any message recorded with this provider id (to tell "ignored" from "unknown"). */
export function byProviderIdFilter(providerMessageId: string): Filter<Stored> {
  return { provider_message_id: providerMessageId };
}
