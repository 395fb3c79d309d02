/**
 * Bench 5, claims: loops calling `runs.claimNext` over N due runs in one SQLite file.
 * - Contention: four loops, each in its own worker thread with its own connection (so the claims really race
 *   for SQLite's write lock), against one loop over as many runs: aggregate claims per second, and no run
 *   claimed twice or missed.
 * - Backlog: the CPU cost of one claim with N runs due against the cost with N/10 due, in this thread. A claim
 *   is one indexed pick, so its cost should hardly depend on how many runs wait.
 * @module
 */
import { copyFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { openSqliteStores } from "../../adapters/sqlite/index.ts";
import { aRun, T0 } from "../../testkit/contract/fixtures.ts";
import { type BenchRow, collect, report, tempDir } from "./bench-kit.ts";
import type { ClaimLoopData, ClaimLoopResult } from "./claim-loop.worker.ts";

const N = Number(process.env.BENCH_CLAIM_N ?? 2_000);
const LOOPS = 4;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/**
 * Node 20 resolves a worker's entry file before `--import tsx` takes effect in the thread, so the thread starts
 * from this script, which registers tsx and then imports the TypeScript contender.
 */
const BOOTSTRAP = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${
  JSON.stringify(new URL("./claim-loop.worker.ts", import.meta.url).href)
}); });`;

/** A database file with `n` runs due at T0, written through the run store; closed, so it can be copied. */
async function seed(path: string, n: number): Promise<string> {
  const stores = openSqliteStores(path);
  for (let i = 0; i < n; i++) await stores.runs.insert(aRun({ status: "scheduled", scheduled_at: T0 - n + i }));
  await stores.close();
  return path;
}

function start(data: ClaimLoopData): { worker: Worker; ready: Promise<void>; done: Promise<ClaimLoopResult> } {
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<ClaimLoopResult>((resolve, reject) => {
    worker.on("message", (m: "ready" | ClaimLoopResult) => (m === "ready" ? ready() : resolve(m)));
    worker.on("error", reject);
  });
  return { worker, ready: isReady, done };
}

/** Claims every run of a copy of `seeded` with `loops` threads started together; checks each run went to one. */
async function race(seeded: string, path: string, loops: number): Promise<number> {
  copyFileSync(seeded, path);
  const contenders = Array.from({ length: loops }, (_, i) => start({ path, owner: `loop${i}`, now: T0 }));
  // The clock starts once every thread has its connection open, so thread start-up is not counted.
  await Promise.all(contenders.map((c) => c.ready));
  collect();
  const began = performance.now();
  for (const c of contenders) c.worker.postMessage("go");
  const results = await Promise.all(contenders.map((c) => c.done));
  const wall = performance.now() - began;
  await Promise.all(contenders.map((c) => c.worker.terminate()));

  const claims = results.flatMap((r) => r.claims);
  const distinct = new Set(claims.map((c) => c.run_id));
  if (claims.length !== N || distinct.size !== N || claims.some((c) => c.fence !== 1)) {
    throw new Error(`double or missed claim: ${claims.length} claims of ${distinct.size} distinct runs, N = ${N}`);
  }
  return N / (wall / 1000);
}

/** CPU microseconds per claim, claiming every run of a copy of `seeded` in this thread. */
async function claimCost(seeded: string, path: string): Promise<number> {
  copyFileSync(seeded, path);
  const stores = openSqliteStores(path);
  const request = { now: T0, windowStart: T0 - 86_400_000, owner: "solo", leaseMs: 600_000 };
  collect();
  const cpu = process.cpuUsage();
  let claimed = 0;
  while (await stores.runs.claimNext(request)) claimed++;
  const used = process.cpuUsage(cpu);
  await stores.close();
  return (used.user + used.system) / claimed;
}

async function main(): Promise<void> {
  const temp = tempDir();
  let files = 0;
  const fresh = () => temp.file(`claims-${files++}.db`);
  try {
    const full = await seed(temp.file("seed-full.db"), N);
    const tenth = await seed(temp.file("seed-tenth.db"), N / 10);
    const single: number[] = [];
    const many: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      single.push(await race(full, fresh(), 1));
      many.push(await race(full, fresh(), LOOPS));
    }
    const small: number[] = [];
    const large: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      // The small backlog's pass is short, so it gets two chances per repeat to run undisturbed.
      small.push(await claimCost(tenth, fresh()), await claimCost(tenth, fresh()));
      large.push(await claimCost(full, fresh()));
    }
    const [engine, baseline] = [Math.max(...many), Math.max(...single)];
    const [costLarge, costSmall] = [Math.min(...large), Math.min(...small)];
    report([
      {
        name: `claims: ${LOOPS} threads vs 1, SQLite`,
        n: N,
        engine,
        baseline,
        unit: "claims/s",
        engineWall: (N / engine) * 1000,
        baselineWall: (N / baseline) * 1000,
        ratio: engine / baseline,
        target: 0.4,
        higherIsBetter: true,
        peakHeapMiB: 0,
        peakRssMiB: 0,
        note: "no run claimed twice (checked)",
      },
      {
        name: `claims: cost at ${N} due vs ${N / 10} due`,
        n: N,
        engine: costLarge,
        baseline: costSmall,
        unit: "cpu µs/claim",
        engineWall: null,
        baselineWall: null,
        ratio: costLarge / costSmall,
        target: 2,
        peakHeapMiB: 0,
        peakRssMiB: 0,
        note: "one claim, one thread",
      },
    ] satisfies BenchRow[]);
  } finally {
    temp.remove();
  }
}

await main();
