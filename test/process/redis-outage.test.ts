/**
 * A worker process whose Redis (flags) dies mid-run: it hands nothing more to the provider while Redis is down
 * (but the one call already in flight), stays alive and says so; when Redis is back the run completes, each
 * recipient sent once.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, hasRedisServer, RedisServerProcess } from "../integration/redis-server-process.ts";
import { AppProcess, stopAll } from "./support/app-process.ts";
import { LineCounter, readJournals, tallyGateway, tallyProbe } from "./support/gateway-log.ts";
import { appEnv, scratch, until } from "./support/scratch.ts";
import { openFixture, runState, seedLaunchedRuns, settledRun, type SqliteFixture } from "./support/sqlite-fixture.ts";

const RECIPIENTS = 300;
const OUTAGE_MS = 2500;

const canSpawn = hasRedisServer();
if (!canSpawn) console.warn("\n!!! SKIPPING redis-outage process test: no redis-server on PATH to start and kill.\n");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!canSpawn)("a worker process when its Redis goes down mid-run", () => {
  const s = scratch("redis-outage");
  const journal = s.path("provider.jsonl");
  const probeFile = s.path("probe.jsonl");
  let redis: RedisServerProcess;
  let fixture: SqliteFixture;

  beforeAll(async () => {
    redis = new RedisServerProcess(await freePort());
    await redis.start();
    fixture = openFixture(s.path("kampeni.db"), 100);
  });

  afterAll(async () => {
    await stopAll();
    await redis?.kill();
    await fixture?.close();
    s.remove();
  });

  test("sends nothing while Redis is down (but the call in flight), stays up, and finishes once it is back", async () => {
    const [run] = await seedLaunchedRuns(fixture, 1, RECIPIENTS);
    const worker = await AppProcess.start({
      app: "worker",
      name: "worker",
      probeFile,
      env: appEnv(s, {
        FLAGS: "redis",
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: "outage:",
        BATCH_SIZE: "100",
        SIMULATOR_LATENCY_MS: "8",
        SIMULATOR_LOG_FILE: journal,
      }),
    });
    const sent = new LineCounter(journal);
    await until(() => (sent.count() >= 60 ? true : undefined), 20_000, () => `no progress:\n${worker.tail()}`, 20);

    const linesBefore = worker.lines.length;
    const atCut = { journal: sent.count(), presented: tallyProbe([probeFile]).presented };
    await redis.kill();
    await pause(300);
    const settled = { journal: sent.count(), presented: tallyProbe([probeFile]).presented };
    await pause(OUTAGE_MS - 300);
    const atEnd = { journal: sent.count(), presented: tallyProbe([probeFile]).presented };
    const duringOutage = worker.lines.slice(linesBefore);
    const claimsDuringOutage = duringOutage.filter((l) => l.msg === "run claimed").length;
    const sendNothing = duringOutage.filter((l) => typeof l.msg === "string" && l.msg.includes("sending nothing")).length;
    console.info(`[redis-outage] journal at cut ${atCut.journal}, +300 ms ${settled.journal}, at end ${atEnd.journal} ` +
      `(in flight at the cut: ${atEnd.journal - atCut.journal}); presented at cut ${atCut.presented}, at end ${atEnd.presented}; ` +
      `during ${OUTAGE_MS} ms outage: ${duringOutage.length} log lines, ${sendNothing} 'sending nothing', ${claimsDuringOutage} claims`);

    expect(atEnd.journal - atCut.journal, "provider calls after Redis went down").toBeLessThanOrEqual(1);
    expect(atEnd.journal, "no call after the one in flight").toBe(settled.journal);
    expect(atEnd.presented - atCut.presented).toBeLessThanOrEqual(1);
    expect(worker.running).toBe(true);
    expect(sendNothing).toBeGreaterThan(0);
    // Waiting for Redis must not spin: a few claims and warnings a second, not a hot loop.
    expect(claimsDuringOutage).toBeLessThan(20);
    expect(duringOutage.length).toBeLessThan(100);
    expect((await runState(fixture, run!.run_id)).run.status).not.toBe("completed");

    await redis.start();
    const restarted = performance.now();
    const { run: done, counts } = await until(() => settledRun(fixture, run!.run_id), 40_000,
      () => `run not completed after Redis came back:\n${worker.tail()}`, 100);

    console.info(`[redis-outage] run completed ${Math.round(performance.now() - restarted)} ms after Redis came back; claims in all: ${worker.logged("run claimed").length}`);
    const gateway = tallyGateway(readJournals([journal]));
    expect([...gateway.duplicates]).toEqual([]);
    expect(gateway.records).toBe(RECIPIENTS);
    expect(gateway.seqsByRun.get(done.run_id)?.size).toBe(RECIPIENTS);
    expect(counts.SENT).toBe(RECIPIENTS);
    expect(done.lease).toBeNull();
    expect(worker.logged("worker resumed").length + worker.logged("run claimed").length).toBeGreaterThan(1);

    worker.killGroup("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
