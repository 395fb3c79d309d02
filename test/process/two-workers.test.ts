/**
 * Scale-out with real processes: two `apps/worker/main.ts` processes share one SQLite file and one Redis flag
 * store. Every due run is claimed by exactly one of them, once, and every recipient reaches the provider once.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deleteKeysUnder, REDIS_URL, redisIsReachable, uniqueKeyPrefix } from "../integration/redis-test-env.ts";
import { AppProcess, stopAll } from "./support/app-process.ts";
import { readJournals, tallyGateway, tallyProbe } from "./support/gateway-log.ts";
import { appEnv, scratch, until } from "./support/scratch.ts";
import { openFixture, runState, seedLaunchedRuns, type SeededRun, settledRun, type SqliteFixture } from "./support/sqlite-fixture.ts";

const RUNS = 200;
const RECIPIENTS = 5;
const BATCH = 100;

const reachable = await redisIsReachable("two-workers process test");

describe.skipIf(!reachable)("two worker processes on one SQLite file and one Redis", () => {
  const s = scratch("two-workers");
  const prefix = uniqueKeyPrefix("two-workers");
  const journal = s.path("provider.jsonl");
  const probes = [s.path("probe-1.jsonl"), s.path("probe-2.jsonl")];
  let fixture: SqliteFixture;
  let seeded: SeededRun[];
  const fenceAtLaunch = new Map<string, number>();

  beforeAll(async () => {
    fixture = openFixture(s.path("kampeni.db"), BATCH);
    // Launched for an hour from now, made due only once both workers are up, so that they start level.
    seeded = await seedLaunchedRuns(fixture, RUNS, RECIPIENTS, Date.now() + 3_600_000);
    for (const r of seeded) fenceAtLaunch.set(r.run_id, (await runState(fixture, r.run_id)).run.fence);
  });

  afterAll(async () => {
    await stopAll();
    await fixture?.close();
    await deleteKeysUnder(REDIS_URL, prefix).catch(() => 0);
    s.remove();
  });

  test("200 due runs: each claimed exactly once, each recipient handed to the provider exactly once", async () => {
    // One shared journal: each simulator knows only the keys present when it started, so a key sent by both
    // workers would show as two records.
    const env = (n: number) => appEnv(s, {
      FLAGS: "redis",
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      WORKER_ID: `worker-${n}`,
      BATCH_SIZE: String(BATCH),
      LEASE_MS: "30000",
      PICKUP_INTERVAL_MS: "20",
      SIMULATOR_LOG_FILE: journal,
    });
    const workers = await Promise.all([1, 2].map((n) => AppProcess.start({ app: "worker", name: `worker-${n}`, env: env(n), probeFile: probes[n - 1]! })));
    const now = Date.now();
    for (const r of seeded) {
      expect(await fixture.stores.runs.update(r.run_id, { status: ["scheduled"] }, { scheduled_at: now }), "still scheduled").not.toBeNull();
    }

    await until(async () => {
      for (const r of seeded) if (!(await settledRun(fixture, r.run_id))) return undefined;
      return true;
    }, 60_000, () => `runs still open; worker-1:\n${workers[0]!.tail(5)}\nworker-2:\n${workers[1]!.tail(5)}`, 200);

    const claimsBy = workers.map((w) => w.logged("run claimed").length);
    for (const r of seeded) {
      const { run, counts } = await runState(fixture, r.run_id);
      expect(run.fence - fenceAtLaunch.get(r.run_id)!, `claims of ${r.run_id}`).toBe(1);
      expect(run.lease).toBeNull();
      expect(counts.SENT).toBe(RECIPIENTS);
    }
    const gateway = tallyGateway(readJournals([journal]));
    const probe = tallyProbe(probes);
    console.info(`[two-workers] runs ${RUNS} x ${RECIPIENTS}: claims by worker-1 ${claimsBy[0]}, worker-2 ${claimsBy[1]}; ` +
      `provider records ${gateway.records}, duplicate keys ${gateway.duplicates.size}, calls presented ${probe.presented}, re-presented ${probe.represented}`);

    expect(claimsBy[0]! + claimsBy[1]!).toBe(RUNS);
    expect(Math.min(...claimsBy), "both workers took part").toBeGreaterThan(0);
    expect([...gateway.duplicates]).toEqual([]);
    expect(gateway.records).toBe(RUNS * RECIPIENTS);
    for (const r of seeded) expect([...(gateway.seqsByRun.get(r.run_id) ?? [])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(probe).toEqual({ presented: RUNS * RECIPIENTS, distinctPresented: RUNS * RECIPIENTS, represented: 0, deduped: 0 });

    for (const w of workers) w.killGroup("SIGTERM");
    for (const w of workers) expect(await w.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
