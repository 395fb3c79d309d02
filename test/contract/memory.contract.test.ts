import type { Availability } from "../../adapters/in-memory/index.ts";
import {
  MemoryCampaignStore,
  MemoryFlagStore,
  MemoryGroupStore,
  MemoryIdempotencyStore,
  MemoryLedger,
  MemoryMessageStore,
  MemoryRunStore,
} from "../../adapters/in-memory/index.ts";
import {
  campaignStoreContract,
  type ContractCapabilities,
  flagStoreContract,
  groupStoreContract,
  idempotencyStoreContract,
  ledgerContract,
  messageStoreContract,
  runStoreContract,
  type StoreFixture,
} from "../../testkit/contract/index.ts";

/** A fresh in-memory store per test; its availability switch plays the backend going down. */
function memory<S extends { readonly availability: Availability }>(create: () => S): () => Promise<StoreFixture<S>> {
  return () => {
    const store = create();
    return Promise.resolve({
      store,
      close: () => Promise.resolve(),
      setUnavailable: (down: boolean) => {
        store.availability.up = !down;
      },
    });
  };
}

const canGoDown: ContractCapabilities = { outage: true };

campaignStoreContract("memory", memory(() => new MemoryCampaignStore()), canGoDown);
groupStoreContract("memory", memory(() => new MemoryGroupStore()), canGoDown);
runStoreContract("memory", memory(() => new MemoryRunStore()), canGoDown);
messageStoreContract("memory", memory(() => new MemoryMessageStore()), canGoDown);
flagStoreContract("memory", memory(() => new MemoryFlagStore()), canGoDown);
ledgerContract("memory", memory(() => new MemoryLedger()), canGoDown);
idempotencyStoreContract("memory", memory(() => new MemoryIdempotencyStore()), canGoDown);
