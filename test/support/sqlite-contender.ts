/**
 * A child process for the multi-process SQLite test: opens the shared database file, prints `ready`, waits
 * for `go` on stdin (so every contender starts together), then competes and prints one JSON line per outcome:
 * first it claims due runs until none is left, starting each under its fence ({"run_id","fence","started"}),
 * then it reserves `units` for each of `count` runs of its own ({"run_id","outcome"}).
 *
 * Usage: node --import tsx sqlite-contender.ts <db-path> <name> <now> <workspace> <count> <units>
 */
import { createInterface } from "node:readline";
import { openSqliteStores } from "../../adapters/sqlite/index.ts";

const [path, name, now, workspace, count, units] = process.argv.slice(2);
if (!path || !name || !now || !workspace || !count || !units) throw new Error("usage: see the file header");

const stores = openSqliteStores(path, { busyTimeoutMs: 10_000 });
const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function claimAll(at: number): Promise<void> {
  const request = { now: at, windowStart: at - 86_400_000, owner: name!, leaseMs: 600_000 };
  for (let run = await stores.runs.claimNext(request); run; run = await stores.runs.claimNext(request)) {
    // A fenced write right after the claim, as a worker does: it must succeed for the holder.
    const started = await stores.runs.update(run.run_id, { status: ["claimed"], fence: run.fence }, { status: "running" });
    out({ run_id: run.run_id, fence: run.fence, started: started !== null });
  }
}

async function reserveAll(n: number, each: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const runId = `run_${name}_${i}`;
    out({ run_id: runId, outcome: await stores.ledger.reserve(workspace!, runId, each) });
  }
}

const input = createInterface({ input: process.stdin });
out({ ready: name });
input.once("line", async () => {
  input.close();
  await claimAll(Number(now));
  await reserveAll(Number(count), Number(units));
  await stores.close();
});
