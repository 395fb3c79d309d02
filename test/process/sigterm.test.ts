/**
 * SIGTERM to a worker process mid-run: it finishes the provider call in flight, records it, releases the lease,
 * closes its clients and exits 0; a second worker takes the run at once (no lease to wait out) and completes it.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deleteKeysUnder, REDIS_URL, redisIsReachable, uniqueKeyPrefix } from "../integration/redis-test-env.ts";
import { AppProcess, stopAll } from "./support/app-process.ts";
import { LineCounter, readJournals, tallyGateway, tallyProbe } from "./support/gateway-log.ts";
import { appEnv, scratch, until } from "./support/scratch.ts";
import { allMessages, openFixture, runState, seedLaunchedRuns, settledRun, type SqliteFixture } from "./support/sqlite-fixture.ts";

const RECIPIENTS = 300;
const BATCH = 100;
/** Long enough that the second worker could not finish in time if it had to wait for the lease to expire. */
const LEASE_MS = 60_000;

const reachable = await redisIsReachable("sigterm process test");

describe.skipIf(!reachable)("a worker process stopped with SIGTERM mid-run", () => {
  const s = scratch("sigterm");
  const prefix = uniqueKeyPrefix("sigterm");
  const journal = s.path("provider.jsonl");
  const probes = [s.path("probe-1.jsonl"), s.path("probe-2.jsonl")];
  let fixture: SqliteFixture;

  beforeAll(() => {
    fixture = openFixture(s.path("kampeni.db"), BATCH);
  });

  afterAll(async () => {
    await stopAll();
    await fixture?.close();
    await deleteKeysUnder(REDIS_URL, prefix).catch(() => 0);
    s.remove();
  });

  test("finishes and records the call in flight, releases the lease, exits 0; another worker completes the run", async () => {
    const [run] = await seedLaunchedRuns(fixture, 1, RECIPIENTS);
    const runId = run!.run_id;
    const env = (n: number) => appEnv(s, {
      FLAGS: "redis",
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      WORKER_ID: `worker-${n}`,
      BATCH_SIZE: String(BATCH),
      LEASE_MS: String(LEASE_MS),
      SIMULATOR_LATENCY_MS: "10",
      SIMULATOR_LOG_FILE: journal,
    });
    const first = await AppProcess.start({ app: "worker", name: "worker-1", env: env(1), probeFile: probes[0]! });
    const sent = new LineCounter(journal);
    await until(() => (sent.count() >= 130 ? true : undefined), 30_000, () => `no progress:\n${first.tail()}`, 10);

    // A call presented to the provider but not yet in its journal is in flight (the provider sleeps its latency).
    const inFlight = tallyProbe([probes[0]!]).presented - sent.count();
    const signalled = performance.now();
    first.killGroup("SIGTERM");
    const exit = await first.exited;
    const exitMs = Math.round(performance.now() - signalled);
    expect(exit, first.tail()).toEqual({ code: 0, signal: null });
    expect(first.logged("shutting down").length).toBe(1);

    const stopped = await runState(fixture, runId);
    const handedOver = tallyGateway(readJournals([journal]));
    const probe1 = tallyProbe([probes[0]!]);
    const recordedSent = (await allMessages(fixture, runId)).filter((m) => m.status === "SENT").map((m) => `${runId}:${m.seq}`);
    console.info(`[sigterm] calls in flight at SIGTERM ${inFlight}; exited ${exit.code} ${exitMs} ms after SIGTERM; provider records ${handedOver.records}, ` +
      `calls presented ${probe1.presented}, messages recorded SENT ${stopped.counts.SENT}, QUEUED ${stopped.counts.QUEUED}, ` +
      `lease ${JSON.stringify(stopped.run.lease)}, status ${stopped.run.status}`);

    expect(stopped.run.lease, "lease released").toBeNull();
    expect(stopped.run.status).toBe("running");
    expect(stopped.counts.QUEUED, "nothing left half-taken").toBe(0);
    // The call in flight went out and was recorded: every call presented reached the provider, and everything
    // the provider accepted is recorded SENT.
    expect(probe1.presented).toBe(handedOver.records);
    expect(recordedSent.sort()).toEqual([...handedOver.accepted].sort());
    expect(stopped.counts.SENT).toBeLessThan(RECIPIENTS);

    const tookOver = performance.now();
    const second = await AppProcess.start({ app: "worker", name: "worker-2", env: env(2), probeFile: probes[1]! });
    const done = await until(() => settledRun(fixture, runId), 40_000, () => `run not completed by the second worker:\n${second.tail()}`, 100);
    const completedMs = Math.round(performance.now() - tookOver);

    const gateway = tallyGateway(readJournals([journal]));
    const probe = tallyProbe(probes);
    console.info(`[sigterm] second worker completed the run ${completedMs} ms after it was started (lease ${LEASE_MS} ms); ` +
      `provider records ${gateway.records}, duplicates ${gateway.duplicates.size}, re-presented ${probe.represented}`);
    expect(completedMs).toBeLessThan(LEASE_MS / 2);
    expect(done.run.fence).toBe(stopped.run.fence + 1);
    expect([...gateway.duplicates]).toEqual([]);
    expect(gateway.records).toBe(RECIPIENTS);
    expect(done.counts.SENT).toBe(RECIPIENTS);
    expect(probe.represented).toBe(0);

    second.killGroup("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
