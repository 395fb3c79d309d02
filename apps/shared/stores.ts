import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import type { FlagStore } from "../../core/ports/flag-store.port.ts";
import type { GroupStore } from "../../core/ports/group-store.port.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import type { Ledger } from "../../core/ports/ledger.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import type { RunStore } from "../../core/ports/run-store.port.ts";
import { createMemoryStores, MemoryFlagStore } from "../../adapters/in-memory/index.ts";
import { openSqliteStores } from "../../adapters/sqlite/index.ts";
import { openMongoStores } from "../../adapters/mongo/index.ts";
import { RedisFlagStore } from "../../adapters/redis-flags/index.ts";
import type { AppConfig } from "./config.ts";

/** The data stores of one process, whichever backend holds them. */
export interface StoreBundle {
  readonly kind: string;
  readonly campaigns: CampaignStore;
  readonly groups: GroupStore;
  readonly runs: RunStore;
  readonly messages: MessageStore;
  readonly ledger: Ledger;
  readonly idempotency: IdempotencyStore;
  /** Resolves when the backend answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface FlagBundle {
  readonly kind: string;
  readonly flags: FlagStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** STORE=sqlite (the embedded default, a file under ./data), memory, or mongo. */
export async function openStores(config: AppConfig): Promise<StoreBundle> {
  switch (config.STORE) {
    case "memory": {
      const memory = createMemoryStores();
      return { kind: "memory", ...memory, ping: () => Promise.resolve(), close: () => Promise.resolve() };
    }
    case "sqlite": {
      if (config.SQLITE_PATH !== ":memory:") mkdirSync(dirname(config.SQLITE_PATH), { recursive: true });
      return { kind: "sqlite", ...openSqliteStores(config.SQLITE_PATH) };
    }
    case "mongo":
      return { kind: "mongo", ...(await openMongoStores(config.MONGODB_URL!, config.MONGODB_DB)) };
  }
}

/** FLAGS=memory (one process only) or redis (shared by every process). */
export async function openFlags(config: AppConfig, logger: Logger): Promise<FlagBundle> {
  if (config.FLAGS === "redis") {
    const redis = await RedisFlagStore.connect(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX, logger });
    return { kind: "redis", flags: redis, ping: () => redis.ping(), close: () => redis.close() };
  }
  return { kind: "memory", flags: new MemoryFlagStore(), ping: () => Promise.resolve(), close: () => Promise.resolve() };
}
