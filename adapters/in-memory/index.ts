/**
 * Dependency-free adapters: every store port in memory, a manual and a system clock, ULIDs, a simulated SMS
 * gateway and a recording logger. They serve tests and the one-process embedded mode.
 * @module
 */
import { MemoryCampaignStore } from "./memory-campaign-store.ts";
import { MemoryFlagStore } from "./memory-flag-store.ts";
import { MemoryGroupStore } from "./memory-group-store.ts";
import { MemoryIdempotencyStore } from "./memory-idempotency-store.ts";
import { MemoryLedger } from "./memory-ledger.ts";
import { MemoryMessageStore } from "./memory-message-store.ts";
import { MemoryRunStore } from "./memory-run-store.ts";

export { Availability } from "./availability.ts";
export { ManualClock, SystemClock } from "./manual-clock.ts";
export { UlidIdGenerator } from "./ulid-id-generator.ts";
export { SimulatedSmsGateway, type SentRecord, type SimulatorJournal, type SimulatorOptions } from "./simulated-sms-gateway.ts";
export { type LogLine, RecordingLogger } from "./recording-logger.ts";
export {
  MemoryCampaignStore,
  MemoryFlagStore,
  MemoryGroupStore,
  MemoryIdempotencyStore,
  MemoryLedger,
  MemoryMessageStore,
  MemoryRunStore,
};

/** One set of in-memory stores, sharing nothing with any other set. */
export function createMemoryStores() {
  return {
    campaigns: new MemoryCampaignStore(),
    groups: new MemoryGroupStore(),
    runs: new MemoryRunStore(),
    messages: new MemoryMessageStore(),
    flags: new MemoryFlagStore(),
    ledger: new MemoryLedger(),
    idempotency: new MemoryIdempotencyStore(),
  };
}
