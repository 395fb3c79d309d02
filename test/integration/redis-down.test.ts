import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../core/domain/result.ts";
import { RecordingLogger } from "../../adapters/in-memory/index.ts";
import { RedisFlagStore } from "../../adapters/redis-flags/index.ts";
import { freePort, hasRedisServer, RedisServerProcess } from "./redis-server-process.ts";

const canSpawn = hasRedisServer();
if (!canSpawn) {
  console.warn("\n!!! SKIPPING Redis outage tests: no redis-server on PATH to start (and kill) a private Redis.\n");
}

type Calls = Record<string, () => Promise<unknown>>;

function everyCall(store: RedisFlagStore): Calls {
  return {
    read: () => store.read("r1"),
    setPaused: () => store.setPaused(["r1", "r2"]),
    clearPaused: () => store.clearPaused(["r1", "r2"]),
    setCancelled: () => store.setCancelled(["r1", "r2"]),
    ping: () => store.ping(),
  };
}

/** Each call must reject with StoreUnavailableError, and within `withinMs`. */
async function expectEachUnavailable(calls: Calls, withinMs: number): Promise<void> {
  for (const [name, call] of Object.entries(calls)) {
    const started = performance.now();
    const error = await call().then(() => null, (e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error, name).toBeInstanceOf(StoreUnavailableError);
    expect(elapsed, `${name} took ${Math.round(elapsed)} ms`).toBeLessThan(withinMs);
  }
}

/** Real time is the point here: the client reconnects to a real process on its own schedule. */
async function untilResolves(call: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!canSpawn)("RedisFlagStore when its Redis goes away", () => {
  let server: RedisServerProcess;

  beforeAll(async () => {
    server = new RedisServerProcess(await freePort());
    await server.start();
  });

  afterAll(async () => {
    await server?.kill();
  });

  test("a killed Redis makes every call reject with StoreUnavailableError within a second; a restart heals it", async () => {
    const logger = new RecordingLogger();
    const store = await RedisFlagStore.connect(server.url, { logger });
    try {
      await store.setCancelled(["before"]);
      await server.kill();
      // Right after the kill, then while the client is between reconnect attempts.
      await expectEachUnavailable(everyCall(store), 1000);
      await expectEachUnavailable({ "setPaused([])": () => store.setPaused([]) }, 1000);
      await pause(700);
      await expectEachUnavailable(everyCall(store), 1000);

      await server.start();
      await untilResolves(() => store.ping());
      await store.setPaused(["after"]);
      expect(await store.read("after")).toEqual({ paused: true, cancelled: false });

      const warnings = logger.lines.filter((l) => l.level === "warn");
      expect(warnings.map((l) => l.msg)).toEqual(["lost the Redis connection; flag calls fail until it reconnects"]);
      expect(logger.lines.filter((l) => l.level === "info").map((l) => l.msg)).toEqual(["connected to Redis", "connected to Redis"]);
    } finally {
      await store.close();
    }
  });

  test("a frozen Redis (connection open, no answers) makes calls time out instead of hang; they work once it thaws", async () => {
    const store = await RedisFlagStore.connect(server.url, { commandTimeoutMs: 400 });
    try {
      await store.setCancelled(["frozen"]);
      server.freeze(true);
      try {
        await expectEachUnavailable(everyCall(store), 1000);
      } finally {
        server.freeze(false);
      }
      await untilResolves(() => store.ping());
      expect(await store.read("frozen")).toEqual({ paused: false, cancelled: true });
    } finally {
      await store.close();
    }
  });
});

describe("RedisFlagStore.connect", () => {
  test("rejects with StoreUnavailableError when nothing listens, instead of waiting for ever", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = performance.now();
    const error = await RedisFlagStore.connect(url, { connectTimeoutMs: 500 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
