/**
 * A delivery report can overtake the recording of its send. Such a report waits in `early_delivery_reports`
 * (`_id` = provider id; the first report wins, as in memory) until the send is recorded.
 *
 * Two writers meet here without a transaction: the report path writes the waiting report and then looks for
 * the message; the record path writes the message and then looks for waiting reports. Each writes before it
 * reads, so at least one of them sees the other's write, and applying is conditional on SENT, so both
 * applying is harmless.
 * @module
 */
import type { Filter, UpdateFilter } from "mongodb";
import type { Millis } from "../../../core/domain/model.ts";
import type { SendResult } from "../../../core/ports/message-store.port.ts";
import type { Stored } from "./stored.documents.ts";

/** Stores a waiting report unless one is already waiting for that provider id. */
export function earlyReportUpsert(status: "DELIVERED" | "FAILED", now: Millis): UpdateFilter<Stored> {
  return { $setOnInsert: { status, received_at: new Date(now) } };
}

/** Provider ids of results that may have a waiting report: only SENT moves on a report. */
export function sentProviderIds(results: readonly SendResult[]): string[] {
  return results.flatMap((r) => (r.status === "SENT" && r.provider_message_id !== null ? [r.provider_message_id] : []));
}

/** Waiting reports for the given provider ids. */
export function earlyReportsFilter(providerIds: readonly string[]): Filter<Stored> {
  return { _id: { $in: [...providerIds] } };
}
