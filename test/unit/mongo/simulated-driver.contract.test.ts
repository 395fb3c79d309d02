/**
 * The shared contract suites against the real Mongo adapter classes on a simulated driver (`FakeDb`, mingo
 * inside). This proves the adapters' logic and their use of the documents; the driver's and server's own
 * behaviour is proven only by `test/contract/mongo.contract.test.ts` against a real MongoDB.
 */
import type { Db } from "mongodb";
import { ensureIndexes } from "../../../adapters/mongo/ensure-indexes.ts";
import {
  MongoCampaignStore,
  MongoGroupStore,
  MongoIdempotencyStore,
  MongoLedger,
  MongoMessageStore,
  MongoRunStore,
} from "../../../adapters/mongo/index.ts";
import {
  campaignStoreContract,
  groupStoreContract,
  idempotencyStoreContract,
  ledgerContract,
  messageStoreContract,
  runStoreContract,
  type StoreFixture,
} from "../../../testkit/contract/index.ts";
import { FakeDb } from "./fake-db.ts";

/** A fresh simulated database per test, indexes created as at start-up; "down" refuses every call. */
function simulated<S>(create: (db: Db) => S): () => Promise<StoreFixture<S>> {
  return async () => {
    const fake = new FakeDb();
    const db = fake as unknown as Db;
    await ensureIndexes(db);
    return {
      store: create(db),
      close: () => Promise.resolve(),
      setUnavailable: (down: boolean) => {
        fake.server.down = down;
      },
    };
  };
}

const NAME = "mongo (simulated driver)";
const canGoDown = { outage: true };

campaignStoreContract(NAME, simulated((db) => new MongoCampaignStore(db)), canGoDown);
groupStoreContract(NAME, simulated((db) => new MongoGroupStore(db)), canGoDown);
runStoreContract(NAME, simulated((db) => new MongoRunStore(db)), canGoDown);
messageStoreContract(NAME, simulated((db) => new MongoMessageStore(db)), canGoDown);
ledgerContract(NAME, simulated((db) => new MongoLedger(db)), canGoDown);
idempotencyStoreContract(NAME, simulated((db) => new MongoIdempotencyStore(db)), canGoDown);
