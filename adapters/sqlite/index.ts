/**
 * The embedded persistent store: every store port on one SQLite file (better-sqlite3, WAL mode). Several
 * processes on one machine may share the file; every claim and fenced write is one conditional statement or
 * one `BEGIN IMMEDIATE` transaction. Flags are not here: they live in memory or Redis.
 * @module
 */
import { type SqliteOptions, openDatabase, SqliteGate } from "./sqlite-database.ts";
import { SqliteCampaignStore } from "./sqlite-campaign-store.ts";
import { SqliteGroupStore } from "./sqlite-group-store.ts";
import { SqliteIdempotencyStore } from "./sqlite-idempotency-store.ts";
import { SqliteLedger } from "./sqlite-ledger.ts";
import { SqliteMessageStore } from "./sqlite-message-store.ts";
import { SqliteRunStore } from "./sqlite-run-store.ts";

export { type SqliteDb, type SqliteOptions, translateError } from "./sqlite-database.ts";
export { SqliteCampaignStore, SqliteGroupStore, SqliteIdempotencyStore, SqliteLedger, SqliteMessageStore, SqliteRunStore };

/** The stores on one open database file, and its lifecycle. */
export interface SqliteStores {
  readonly campaigns: SqliteCampaignStore;
  readonly groups: SqliteGroupStore;
  readonly runs: SqliteRunStore;
  readonly messages: SqliteMessageStore;
  readonly ledger: SqliteLedger;
  readonly idempotency: SqliteIdempotencyStore;
  /** Closes the connection; later calls on any store throw `StoreUnavailableError`. Idempotent. */
  close(): Promise<void>;
  /** Readiness: resolves when the database answers a query, else rejects with `StoreUnavailableError`. */
  ping(): Promise<void>;
}

/**
 * Opens (creating if needed) the database at `path` (`:memory:` for a private in-memory one) and returns
 * every store on it. Throws `StoreUnavailableError` when the file cannot be opened.
 */
export function openSqliteStores(path: string, options: SqliteOptions = {}): SqliteStores {
  const db = openDatabase(path, options);
  const gate = new SqliteGate(db, "sqlite database");
  const ping = db.prepare("SELECT 1");
  return {
    campaigns: new SqliteCampaignStore(db),
    groups: new SqliteGroupStore(db),
    runs: new SqliteRunStore(db),
    messages: new SqliteMessageStore(db),
    ledger: new SqliteLedger(db),
    idempotency: new SqliteIdempotencyStore(db),
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
    ping: () => gate.call(() => {
      ping.get();
    }),
  };
}
