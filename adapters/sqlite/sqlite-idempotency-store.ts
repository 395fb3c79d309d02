import type { Millis } from "../../core/domain/model.ts";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import { SqliteGate, type SqliteDb } from "./sqlite-database.ts";

type PutParams = IdempotencyRecord & { notBefore: number };

/** Request replays keyed by (workspace_id, key); a stale record is overwritten in the same conditional write. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #gate: SqliteGate;
  readonly #get;
  readonly #put;

  constructor(db: SqliteDb) {
    this.#gate = new SqliteGate(db, "idempotency store");
    this.#get = db.prepare<[string, string, number], IdempotencyRecord>(
      "SELECT workspace_id, key, fingerprint, status, body, created_at FROM idempotency_records " +
        "WHERE workspace_id = ? AND key = ? AND created_at >= ?",
    );
    // Inserts, or replaces only a record older than notBefore: a live record makes this change nothing.
    this.#put = db.prepare<[PutParams]>(
      "INSERT INTO idempotency_records (workspace_id, key, fingerprint, status, body, created_at) " +
        "VALUES (@workspace_id, @key, @fingerprint, @status, @body, @created_at) " +
        "ON CONFLICT (workspace_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, " +
        "body = excluded.body, created_at = excluded.created_at WHERE idempotency_records.created_at < @notBefore",
    );
  }

  get(workspaceId: string, key: string, notBefore: Millis): Promise<IdempotencyRecord | null> {
    return this.#gate.call(() => {
      const r = this.#get.get(workspaceId, key, notBefore);
      return r ? { ...r } : null;
    });
  }

  put(record: IdempotencyRecord, notBefore: Millis): Promise<boolean> {
    return this.#gate.call(() => {
      const { workspace_id, key, fingerprint, status, body, created_at } = record;
      return this.#put.run({ workspace_id, key, fingerprint, status, body, created_at, notBefore }).changes === 1;
    });
  }
}
