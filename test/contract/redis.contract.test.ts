import { describe } from "vitest";
import { RedisFlagStore } from "../../adapters/redis-flags/index.ts";
import { flagStoreContract } from "../../testkit/contract/index.ts";
import { CuttableProxy } from "../integration/cuttable-proxy.ts";
import { deleteKeysUnder, REDIS_URL, redisIsReachable, uniqueKeyPrefix } from "../integration/redis-test-env.ts";

const reachable = await redisIsReachable("Redis contract suite");

/**
 * Each test gets an empty store: a key prefix of its own on the shared Redis, deleted afterwards. The store
 * talks through a proxy the fixture can cut, so "the backend is down" is real (dropped connections) yet only
 * for this store.
 */
async function redisFlagFixture() {
  const prefix = uniqueKeyPrefix("contract");
  const proxy = await CuttableProxy.open(REDIS_URL);
  const store = await RedisFlagStore.connect(proxy.urlFor(REDIS_URL), { keyPrefix: prefix });
  return {
    store,
    setUnavailable: (down: boolean) => proxy.setCut(down),
    close: async () => {
      await store.close();
      await proxy.close();
      await deleteKeysUnder(REDIS_URL, prefix);
    },
  };
}

describe.skipIf(!reachable)("redis", () => {
  flagStoreContract("redis", redisFlagFixture, { outage: true });
});
