/**
 * Documents of `idempotency_records`: the record with `created_at` stored as a BSON date, so a TTL index can
 * drop records after 24 h. Liveness is still decided by `notBefore` (the TTL monitor runs about once a minute).
 * @module
 */
import type { Document, Filter, UpdateFilter } from "mongodb";
import type { Millis } from "../../../core/domain/model.ts";
import type { IdempotencyRecord } from "../../../core/ports/idempotency-store.port.ts";
import type { Stored } from "./stored.documents.ts";

export function fromIdempotencyDoc(doc: Document): IdempotencyRecord {
  return {
    workspace_id: doc["workspace_id"],
    key: doc["key"],
    fingerprint: doc["fingerprint"],
    status: doc["status"],
    body: doc["body"],
    created_at: (doc["created_at"] as Date).getTime(),
  };
}

/** The live record for (workspace, key). */
export function liveRecordFilter(workspaceId: string, key: string, notBefore: Millis): Filter<Stored> {
  return { workspace_id: workspaceId, key, created_at: { $gte: new Date(notBefore) } };
}

/**
 * `put` is one upsert with this filter: it matches only an expired record (which is replaced); when there is
 * none the upsert inserts. A live record does not match, so the insert collides with it on the unique
 * (workspace_id, key) index: that duplicate-key error is the "another request got there first" answer, for a
 * concurrent `put` as much as for an earlier one.
 */
export function putFilter(record: IdempotencyRecord, notBefore: Millis): Filter<Stored> {
  return { workspace_id: record.workspace_id, key: record.key, created_at: { $lt: new Date(notBefore) } };
}

export function putUpdate(record: IdempotencyRecord): UpdateFilter<Stored> {
  return {
    $set: {
      workspace_id: record.workspace_id,
      key: record.key,
      fingerprint: record.fingerprint,
      status: record.status,
      body: record.body,
      created_at: new Date(record.created_at),
    },
  };
}
