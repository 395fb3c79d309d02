import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_PAUSE_TTL_SECONDS, RedisFlagStore, runFlagKeys } from "../../adapters/redis-flags/index.ts";
import { deleteKeysUnder, REDIS_URL, redisIsReachable, uniqueKeyPrefix } from "./redis-test-env.ts";

const reachable = await redisIsReachable("Redis flag store tests");

/** A plain client beside the store, to look at the keys it wrote. */
const rawClient = () => createClient({ url: REDIS_URL }).on("error", () => undefined);

/** Redis-specific behaviour: key layout, expiry, round trips. The port's semantics are in the contract suite. */
describe.skipIf(!reachable)("RedisFlagStore on a live Redis", () => {
  const prefix = uniqueKeyPrefix("flags");
  let store: RedisFlagStore;
  let raw: ReturnType<typeof rawClient>;

  beforeAll(async () => {
    store = await RedisFlagStore.connect(REDIS_URL, { keyPrefix: prefix });
    raw = await rawClient().connect();
  });

  afterAll(async () => {
    await store?.close();
    raw?.destroy();
    await deleteKeysUnder(REDIS_URL, prefix);
  });

  test("flags live under <prefix>run:<run_id>:paused and :cancelled, as the value 1", async () => {
    await store.setPaused(["layout"]);
    await store.setCancelled(["layout"]);
    expect(await raw.mGet([`${prefix}run:layout:paused`, `${prefix}run:layout:cancelled`])).toEqual(["1", "1"]);
  });

  test("a pause flag expires after 30 days by default; a cancel flag never expires", async () => {
    await store.setPaused(["ttl"]);
    await store.setCancelled(["ttl"]);
    const keys = runFlagKeys(prefix, "ttl");
    expect(DEFAULT_PAUSE_TTL_SECONDS).toBe(2_592_000);
    expect(await raw.ttl(keys.paused)).toBeGreaterThan(DEFAULT_PAUSE_TTL_SECONDS - 60);
    expect(await raw.ttl(keys.cancelled)).toBe(-1);
  });

  test("pausing again restarts the pause flag's expiry", async () => {
    const keys = runFlagKeys(prefix, "again");
    await store.setPaused(["again"]);
    await raw.expire(keys.paused, 100);
    await store.setPaused(["again"]);
    expect(await raw.ttl(keys.paused)).toBeGreaterThan(DEFAULT_PAUSE_TTL_SECONDS - 60);
  });

  test("pauseTtlSeconds: null keeps pause flags until they are cleared", async () => {
    const keeper = await RedisFlagStore.connect(REDIS_URL, { keyPrefix: prefix, pauseTtlSeconds: null });
    try {
      await keeper.setPaused(["forever"]);
      expect(await raw.ttl(runFlagKeys(prefix, "forever").paused)).toBe(-1);
    } finally {
      await keeper.close();
    }
  });

  test("stores with different key prefixes do not see each other's flags", async () => {
    const other = await RedisFlagStore.connect(REDIS_URL, { keyPrefix: `${prefix}other:` });
    try {
      await store.setCancelled(["shared-id"]);
      expect(await other.read("shared-id")).toEqual({ paused: false, cancelled: false });
    } finally {
      await other.close();
    }
  });

  test("a run id with colons, spaces or unicode is its own key", async () => {
    const odd = "run:42 é";
    await store.setPaused([odd]);
    expect(await store.read(odd)).toEqual({ paused: true, cancelled: false });
    expect(await store.read("run:42")).toEqual({ paused: false, cancelled: false });
  });

  test("each call is one round trip: MGET, MSET, DEL, and one MULTI/EXEC for pauses", async () => {
    const monitor = await rawClient().connect();
    const lines: string[] = [];
    await monitor.monitor((line) => lines.push(String(line)));
    const commandsOf = async (call: () => Promise<unknown>): Promise<string[]> => {
      lines.length = 0;
      await call();
      // The monitor stream is ordered: once this marker shows, every line of the call has arrived.
      const marker = `${prefix}marker:${Math.random()}`;
      await raw.echo(marker);
      await expect.poll(() => lines.some((l) => l.includes(marker))).toBe(true);
      const mine = lines.filter((l) => l.includes(prefix) && !l.includes(marker));
      const address = /\[\d+ ([^\]]+)\]/.exec(mine[0] ?? "")?.[1] ?? "?";
      const ours = lines.filter((l) => l.includes(` ${address}]`));
      return ours.map((l) => /\] "([A-Z]+)"/.exec(l)?.[1] ?? "?");
    };
    try {
      expect(await commandsOf(() => store.read("rt"))).toEqual(["MGET"]);
      expect(await commandsOf(() => store.setCancelled(["rt1", "rt2", "rt3"]))).toEqual(["MSET"]);
      expect(await commandsOf(() => store.clearPaused(["rt1", "rt2", "rt3"]))).toEqual(["DEL"]);
      expect(await commandsOf(() => store.setPaused(["rt1", "rt2", "rt3"]))).toEqual(["MULTI", "SET", "SET", "SET", "EXEC"]);
    } finally {
      monitor.destroy();
    }
  });

  test("empty id lists send nothing and succeed", async () => {
    await expect(store.setPaused([])).resolves.toBeUndefined();
    await expect(store.clearPaused([])).resolves.toBeUndefined();
    await expect(store.setCancelled([])).resolves.toBeUndefined();
  });

  test("ping resolves while Redis answers", async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  test("close is idempotent and later calls reject as unavailable", async () => {
    const closing = await RedisFlagStore.connect(REDIS_URL, { keyPrefix: prefix });
    await closing.close();
    await closing.close();
    await expect(closing.read("x")).rejects.toMatchObject({ name: "StoreUnavailableError" });
  });
});
