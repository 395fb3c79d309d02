import Database from "better-sqlite3";
import { StoreUnavailableError } from "../../core/domain/result.ts";
import { SCHEMA_V1, SCHEMA_VERSION } from "./schema.ts";

/** A better-sqlite3 connection. */
export type SqliteDb = Database.Database;

/** Tuning of the connection. */
export interface SqliteOptions {
  /** How long a writer waits for another process's write lock before giving up (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Result codes that mean the database cannot be reached or used right now (locked past the busy timeout,
 * missing or unreadable file, disk fault), as opposed to a bug in a statement (constraint, syntax, misuse).
 */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|NOTADB|CORRUPT|READONLY|PROTOCOL|NOMEM|PERM|AUTH)/;

/** Turns an infrastructure fault into `StoreUnavailableError`; any other error is returned as it is. */
export function translateError(error: unknown, db: SqliteDb, store: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  // A closed connection throws a plain TypeError from every call.
  if (!db.open) return new StoreUnavailableError(store, error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNAVAILABLE.test(code)) return new StoreUnavailableError(store, error);
  return error;
}

/**
 * The one door every store call goes through: runs synchronous better-sqlite3 work and answers with a
 * Promise (the ports are async), translating infrastructure faults.
 */
export class SqliteGate {
  constructor(readonly db: SqliteDb, readonly store: string) {}

  /** Runs `work` now (better-sqlite3 is synchronous); its result or translated fault becomes the promise. */
  call<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(translateError(error, this.db, this.store));
    }
  }
}

/**
 * Opens (creating if needed) the database file and brings its schema up to date. Safe to call from several
 * processes at once: schema creation runs in one `BEGIN IMMEDIATE` transaction. Throws
 * `StoreUnavailableError` when the file cannot be opened.
 */
export function openDatabase(path: string, options: SqliteOptions = {}): SqliteDb {
  let db: SqliteDb;
  try {
    db = new Database(path);
    // busy_timeout first: the pragmas and the schema below may wait for another process's lock.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
  } catch (error) {
    throw new StoreUnavailableError("sqlite database", error);
  }
  try {
    migrate(db);
  } catch (error) {
    const translated = translateError(error, db, "sqlite database");
    db.close();
    throw translated;
  }
  return db;
}

function migrate(db: SqliteDb): void {
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    const row = db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as { v: number | null };
    if (row.v === null) db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
    else if (row.v > SCHEMA_VERSION) {
      throw new Error(`database schema version ${row.v} is newer than this adapter's (${SCHEMA_VERSION})`);
    }
  }).immediate();
}

/** JSON text for a column, or NULL. */
export const toJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** The value of a JSON column, or null. */
export const fromJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
