/**
 * The `FlagStore` port on Redis (node-redis 6): per-run pause and cancel flags shared by every server and worker
 * process. See {@link RedisFlagStore} for the key layout and the fail-closed behaviour.
 * @module
 */
export { RedisFlagStore, type RedisFlagStoreOptions } from "./redis-flag-store.ts";
export { DEFAULT_KEY_PREFIX, DEFAULT_PAUSE_TTL_SECONDS, type RunFlagKeys, runFlagKeys } from "./flag-keys.ts";
