import type { Millis } from "../domain/model.ts";

export interface IdempotencyRecord {
  readonly workspace_id: string;
  readonly key: string;
  /** Hash of method, path and body: the same key with another request is a conflict. */
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
  readonly created_at: Millis;
}

/** Replays of POST requests carrying an `Idempotency-Key`. */
export interface IdempotencyStore {
  /** The live record for (workspace, key), or null when absent or older than `notBefore`. */
  get(workspaceId: string, key: string, notBefore: Millis): Promise<IdempotencyRecord | null>;
  /** Stores the record unless a live one exists; returns false when another request got there first. */
  put(record: IdempotencyRecord, notBefore: Millis): Promise<boolean>;
}
