/**
 * One contender of bench 5, in a worker thread: opens its own connection to the shared database file, says
 * `ready`, and on `go` claims due runs until none is left, then posts back what it claimed.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteStores } from "../../adapters/sqlite/index.ts";

/** What the bench hands each contender. */
export interface ClaimLoopData {
  readonly path: string;
  readonly owner: string;
  readonly now: number;
}

/** What a contender posts back: the runs it claimed, with the fence each claim carried. */
export interface ClaimLoopResult {
  readonly owner: string;
  readonly claims: readonly { readonly run_id: string; readonly fence: number }[];
}

const port = parentPort;
if (!port) throw new Error("claim-loop.worker.ts runs only as a worker thread");
const { path, owner, now } = workerData as ClaimLoopData;
// A generous busy timeout: the bench is about throughput under contention, not about giving up.
const stores = openSqliteStores(path, { busyTimeoutMs: 30_000 });

port.once("message", async () => {
  const request = { now, windowStart: now - 86_400_000, owner, leaseMs: 600_000 };
  const claims: { run_id: string; fence: number }[] = [];
  for (let run = await stores.runs.claimNext(request); run; run = await stores.runs.claimNext(request)) {
    claims.push({ run_id: run.run_id, fence: run.fence });
  }
  await stores.close();
  port.postMessage({ owner, claims } satisfies ClaimLoopResult);
});
port.postMessage("ready");
