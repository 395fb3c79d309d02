import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import type { FlagStore } from "../../core/ports/flag-store.port.ts";
import type { GroupStore } from "../../core/ports/group-store.port.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import type { Ledger } from "../../core/ports/ledger.port.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import type { RunStore } from "../../core/ports/run-store.port.ts";
import { createMemoryStores, MemoryFlagStore } from "../../adapters/in-memory/index.ts";
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

export function openStores(_config: AppConfig): Promise<StoreBundle> {
  const memory = createMemoryStores();
  return Promise.resolve({ kind: "memory", ...memory, ping: () => Promise.resolve(), close: () => Promise.resolve() });
}

export function openFlags(_config: AppConfig): Promise<FlagBundle> {
  return Promise.resolve({ kind: "memory", flags: new MemoryFlagStore(), ping: () => Promise.resolve(), close: () => Promise.resolve() });
}
