/**
 * Contract suites for every store port: run one against your adapter to prove it behaves like the in-memory
 * reference. For use under vitest only: each suite registers `describe`/`it` blocks when called at the top
 * level of a test file.
 *
 * ```ts
 * import { runStoreContract } from "../../testkit/contract/index.ts";
 * runStoreContract("sqlite", async () => {
 *   const db = openTempDatabase();
 *   return { store: new SqliteRunStore(db), close: async () => db.close(), setUnavailable: (down) => db.simulateOutage(down) };
 * }, { outage: true });
 * ```
 * @module
 */
export { type ContractCapabilities, expectUnavailable, type StoreFixture } from "./contract-support.ts";
export { campaignStoreContract, type CampaignStoreFixture } from "./campaign-store.contract.ts";
export { flagStoreContract, type FlagStoreFixture } from "./flag-store.contract.ts";
export { groupStoreContract, type GroupStoreFixture } from "./group-store.contract.ts";
export { idempotencyStoreContract, type IdempotencyStoreFixture } from "./idempotency-store.contract.ts";
export { ledgerContract, type LedgerFixture } from "./ledger.contract.ts";
export { messageStoreContract, type MessageStoreFixture } from "./message-store.contract.ts";
export { runStoreContract, type RunStoreFixture } from "./run-store.contract.ts";
export * from "./fixtures.ts";
