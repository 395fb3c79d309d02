import { MongoClient, type MongoClientOptions } from "mongodb";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import type { GroupStore } from "../../core/ports/group-store.port.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import type { Ledger } from "../../core/ports/ledger.port.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import type { RunStore } from "../../core/ports/run-store.port.ts";
import { ensureIndexes } from "./ensure-indexes.ts";
import { MongoCampaignStore } from "./mongo-campaign-store.ts";
import { guarded } from "./mongo-errors.ts";
import { MongoGroupStore } from "./mongo-group-store.ts";
import { MongoIdempotencyStore } from "./mongo-idempotency-store.ts";
import { MongoLedger } from "./mongo-ledger.ts";
import { MongoMessageStore } from "./mongo-message-store.ts";
import { MongoRunStore } from "./mongo-run-store.ts";

/** Every store port on one MongoDB database, and the client's lifecycle. */
export interface MongoStores {
  readonly campaigns: CampaignStore;
  readonly groups: GroupStore;
  readonly runs: RunStore;
  readonly messages: MessageStore;
  readonly ledger: Ledger;
  readonly idempotency: IdempotencyStore;
  /** Closes the client; the stores answer `StoreUnavailableError` afterwards. */
  close(): Promise<void>;
  /** Resolves when the server answers; throws `StoreUnavailableError` when it does not (readiness). */
  ping(): Promise<void>;
}

/** Fail fast when the server is down: the driver's default would hold each call for 30 s. */
const DEFAULT_OPTIONS: MongoClientOptions = { serverSelectionTimeoutMS: 5_000 };

/**
 * Connects, creates the indexes, and returns the stores. Throws `StoreUnavailableError` when the server
 * cannot be reached. No work happens at import time; the caller owns the returned client's lifetime.
 */
export async function openMongoStores(url: string, dbName: string, options: MongoClientOptions = {}): Promise<MongoStores> {
  const client = new MongoClient(url, { ...DEFAULT_OPTIONS, ...options });
  try {
    await guarded("mongodb", () => client.connect());
    const db = client.db(dbName);
    await guarded("mongodb", () => ensureIndexes(db));
    return {
      campaigns: new MongoCampaignStore(db),
      groups: new MongoGroupStore(db),
      runs: new MongoRunStore(db),
      messages: new MongoMessageStore(db),
      ledger: new MongoLedger(db),
      idempotency: new MongoIdempotencyStore(db),
      close: () => client.close(),
      ping: () => guarded("mongodb", async () => void (await db.command({ ping: 1 }))),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}
