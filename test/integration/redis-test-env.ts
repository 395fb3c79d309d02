import { createConnection } from "node:net";
import { createClient } from "redis";

/** The Redis the integration tests use: `REDIS_URL`, else the local default. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Resolves `null` when something accepts TCP connections at `url`, else the reason it could not connect. */
export function unreachableReason(url: string, timeoutMs = 1000): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port || 6379) });
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("connect", () => done(null));
    socket.once("error", (error) => done(error.message));
  });
}

/**
 * Probes `REDIS_URL` once per test file. When nothing answers, prints ONE loud line and returns false, so the
 * caller can `describe.skipIf` and the run reports the tests as skipped, never as passed.
 */
export async function redisIsReachable(suite: string): Promise<boolean> {
  const reason = await unreachableReason(REDIS_URL);
  if (reason === null) return true;
  console.warn(`\n!!! SKIPPING ${suite}: Redis at ${REDIS_URL} is not reachable (${reason}). Start Redis or set REDIS_URL.\n`);
  return false;
}

/** A key prefix no other test run shares, so parallel runs and leftover keys never meet. */
export function uniqueKeyPrefix(label: string): string {
  return `kampeni-test:${label}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`;
}

/** Deletes every key under `prefix`; returns how many. */
export async function deleteKeysUnder(url: string, prefix: string): Promise<number> {
  const client = await createClient({ url }).on("error", () => undefined).connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) deleted += await client.del(keys);
    }
    return deleted;
  } finally {
    client.destroy();
  }
}
