import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openSqliteStores, type SqliteStores } from "../../adapters/sqlite/index.ts";
import {
  campaignStoreContract,
  type ContractCapabilities,
  freshId,
  groupStoreContract,
  idempotencyStoreContract,
  ledgerContract,
  messageStoreContract,
  runStoreContract,
  type StoreFixture,
} from "../../testkit/contract/index.ts";

type StoreName = "campaigns" | "groups" | "runs" | "messages" | "ledger" | "idempotency";

/** A RAM-backed directory where there is one: a file per test, and fsync on a real disk costs ~50 ms each. */
const TEMP_ROOT = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh database file per test. The outage is real: going down closes the connection (every call then
 * fails as on a lost database), coming back reopens the same file. The store handed to the suite forwards to
 * whichever connection is current, so the seeded rows are still there after the outage.
 */
function sqlite<K extends StoreName>(name: K): () => Promise<StoreFixture<SqliteStores[K]>> {
  return () => {
    dir ??= mkdtempSync(join(TEMP_ROOT, "kampeni-contract-"));
    const path = join(dir, `${freshId("db")}.sqlite`);
    let stores = openSqliteStores(path);
    const store = new Proxy(stores[name], {
      get(_target, property) {
        const current = stores[name];
        const value: unknown = Reflect.get(current, property);
        return typeof value === "function" ? (...args: unknown[]) => Reflect.apply(value, current, args) : value;
      },
    });
    return Promise.resolve({
      store,
      close: () => stores.close(),
      setUnavailable: async (down: boolean) => {
        if (down) await stores.close();
        else stores = openSqliteStores(path);
      },
    });
  };
}

const canGoDown: ContractCapabilities = { outage: true };

campaignStoreContract("sqlite", sqlite("campaigns"), canGoDown);
groupStoreContract("sqlite", sqlite("groups"), canGoDown);
runStoreContract("sqlite", sqlite("runs"), canGoDown);
messageStoreContract("sqlite", sqlite("messages"), canGoDown);
ledgerContract("sqlite", sqlite("ledger"), canGoDown);
idempotencyStoreContract("sqlite", sqlite("idempotency"), canGoDown);
