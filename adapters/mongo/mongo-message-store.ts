import type { Collection, Db } from "mongodb";
import type { Message, MessageCounts, MessageStatus, Millis } from "../../core/domain/model.ts";
import type { DeliveryReportOutcome, MessageStore, SendResult } from "../../core/ports/message-store.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import { earlyReportsFilter, earlyReportUpsert, sentProviderIds } from "./documents/early-report.documents.ts";
import {
  byProviderIdFilter,
  countsFromGroups,
  countsPipeline,
  deliveryReportFilter,
  deliveryReportUpdate,
  fromMessageDoc,
  listFilter,
  recordResultsOps,
  releaseQueuedFilter,
  releaseQueuedUpdate,
  SEQ_SORT,
  sumPartsPipeline,
  takeBatchCandidatesFilter,
  takeBatchFilter,
  takeBatchUpdate,
  takenRowsFilter,
  toMessageDoc,
} from "./documents/message.documents.ts";
import { guarded, insertedDespiteDuplicates } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "message store";

/**
 * Recipients and messages in `messages` (`_id` = message_id, unique (run_id, seq)). Writes are bulk: one
 * `insertMany`, `updateMany` or `bulkWrite` per batch. Early delivery reports wait in `early_delivery_reports`.
 */
export class MongoMessageStore implements MessageStore {
  readonly #messages: Collection<Stored>;
  readonly #early: Collection<Stored>;

  constructor(db: Db) {
    this.#messages = db.collection(COLLECTIONS.messages);
    this.#early = db.collection(COLLECTIONS.earlyReports);
  }

  /** Unordered: a row that exists fails alone on the unique (run_id, seq) index and is left as it is. */
  insertMany(messages: readonly Message[]): Promise<void> {
    return guarded(STORE, async () => {
      if (messages.length === 0) return;
      try {
        await this.#messages.insertMany(messages.map(toMessageDoc), { ordered: false });
      } catch (error) {
        insertedDespiteDuplicates(error);
      }
    });
  }

  deleteRun(runId: string): Promise<void> {
    return guarded(STORE, async () => {
      await this.#messages.deleteMany({ run_id: runId });
    });
  }

  /**
   * Three steps: read candidate seqs (QUEUED, then PENDING, in seq order, none marked by a newer fence);
   * one `updateMany` that marks them QUEUED under `fence` while re-checking on the server that each is still
   * QUEUED/PENDING with a fence no newer than ours; then read back the candidates marked with our fence.
   *
   * Concurrency: only the claim holder calls this, and a claim is exclusive, so the only possible race is
   * with a newer holder after a lease takeover. Each row is updated atomically and a row's fence never
   * decreases, so a row ends up held by exactly one fence, and each caller returns only rows it holds.
   * The rows are not marked in one multi-document transaction; a crash between steps leaves rows QUEUED
   * under this fence, which the next holder takes first, as it does any QUEUED row.
   */
  takeBatch(runId: string, fence: number, limit: number, now: Millis): Promise<Message[]> {
    return guarded(STORE, async () => {
      if (limit <= 0) return [];
      const seqs: number[] = [];
      for (const status of ["QUEUED", "PENDING"] as const) {
        if (seqs.length >= limit) break;
        const rows = await this.#messages
          .find(takeBatchCandidatesFilter(runId, status, fence), { projection: { _id: 0, seq: 1 } })
          .sort(SEQ_SORT)
          .limit(limit - seqs.length)
          .toArray();
        seqs.push(...rows.map((r) => r["seq"] as number));
      }
      if (seqs.length === 0) return [];
      await this.#messages.updateMany(takeBatchFilter(runId, fence, seqs), takeBatchUpdate(fence, now));
      return (await this.#messages.find(takenRowsFilter(runId, fence, seqs)).sort(SEQ_SORT).toArray()).map(fromMessageDoc);
    });
  }

  recordResults(runId: string, fence: number, results: readonly SendResult[], now: Millis): Promise<number> {
    return guarded(STORE, async () => {
      if (results.length === 0) return 0;
      const written = await this.#messages.bulkWrite(recordResultsOps(runId, fence, results, now), { ordered: false });
      await this.#applyEarlyReports(runId, sentProviderIds(results), now);
      return written.matchedCount;
    });
  }

  releaseQueued(runId: string, fence: number, seqs: readonly number[], now: Millis): Promise<void> {
    return guarded(STORE, async () => {
      if (seqs.length === 0) return;
      await this.#messages.updateMany(releaseQueuedFilter(runId, fence, seqs), releaseQueuedUpdate(now));
    });
  }

  counts(runId: string): Promise<MessageCounts> {
    return guarded(STORE, async () => countsFromGroups(await this.#messages.aggregate(countsPipeline(runId)).toArray()));
  }

  sumParts(runId: string, statuses: readonly MessageStatus[]): Promise<number> {
    return guarded(STORE, async () => {
      if (statuses.length === 0) return 0;
      const [row] = await this.#messages.aggregate(sumPartsPipeline(runId, statuses)).toArray();
      return (row?.["parts"] as number | undefined) ?? 0;
    });
  }

  list(runId: string, options: { status?: MessageStatus; afterSeq: number; limit: number }): Promise<Message[]> {
    return guarded(STORE, async () => {
      if (options.limit <= 0) return [];
      const docs = await this.#messages.find(listFilter(runId, options)).sort(SEQ_SORT).limit(options.limit).toArray();
      return docs.map(fromMessageDoc);
    });
  }

  /** See `early-report.documents.ts` for how a report that overtakes its send is kept and applied. */
  applyDeliveryReport(providerMessageId: string, status: "DELIVERED" | "FAILED", now: Millis): Promise<DeliveryReportOutcome> {
    return guarded(STORE, async () => {
      const moved = await this.#messages.findOneAndUpdate(deliveryReportFilter(providerMessageId), deliveryReportUpdate(status, now));
      if (moved) return "applied";
      if (await this.#messages.findOne(byProviderIdFilter(providerMessageId), { projection: { _id: 1 } })) return "ignored";
      const waiting = await this.#early.findOneAndUpdate({ _id: providerMessageId }, earlyReportUpsert(status, now), {
        upsert: true,
        returnDocument: "after",
      });
      // The send may have been recorded since the first look; the waiting report decides the status then.
      const kept = (waiting?.["status"] as "DELIVERED" | "FAILED" | undefined) ?? status;
      const late = await this.#messages.updateOne(deliveryReportFilter(providerMessageId), deliveryReportUpdate(kept, now));
      if (late.matchedCount === 0) return "unknown";
      await this.#early.deleteOne({ _id: providerMessageId });
      return "applied";
    });
  }

  async #applyEarlyReports(runId: string, providerIds: readonly string[], now: Millis): Promise<void> {
    if (providerIds.length === 0) return;
    const waiting = await this.#early.find(earlyReportsFilter(providerIds)).toArray();
    for (const report of waiting) {
      const providerId = report["_id"] as string;
      const filter = { ...deliveryReportFilter(providerId), run_id: runId };
      const moved = await this.#messages.updateOne(filter, deliveryReportUpdate(report["status"], now));
      if (moved.matchedCount > 0) await this.#early.deleteOne({ _id: providerId });
    }
  }
}
