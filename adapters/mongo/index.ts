/**
 * Every store port on MongoDB (official driver). Filters, updates and pipelines live in pure functions under
 * `documents/`; the classes here only hand them to the driver.
 * @module
 */
export { ensureIndexes } from "./ensure-indexes.ts";
export { guarded, isUnavailable } from "./mongo-errors.ts";
export { MongoCampaignStore } from "./mongo-campaign-store.ts";
export { MongoGroupStore } from "./mongo-group-store.ts";
export { MongoIdempotencyStore } from "./mongo-idempotency-store.ts";
export { MongoLedger } from "./mongo-ledger.ts";
export { MongoMessageStore } from "./mongo-message-store.ts";
export { MongoRunStore } from "./mongo-run-store.ts";
export { type MongoStores, openMongoStores } from "./open-mongo-stores.ts";
export { COLLECTIONS, INDEXES } from "./documents/collections.documents.ts";
