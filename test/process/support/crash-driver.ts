import type { AppProcess } from "./app-process.ts";
import { LineCounter } from "./gateway-log.ts";

/** How one SIGKILL was aimed, and where it landed. */
export interface KillRecord {
  readonly process: number;
  /** `time`: a random moment after the spawn (start-up, lease wait, claim, sending); `progress`: after k new provider records. */
  readonly mode: "time" | "progress";
  readonly aliveMs: number;
  /** Provider records when the process was started, and when it was killed. */
  readonly recordsAtStart: number;
  readonly recordsAtKill: number;
}

export interface CrashLoopOptions {
  readonly kills: number;
  /** Seeds the choice of kill points, so a failing run can be replayed (print it). */
  readonly seed: number;
  /** The provider journal (SIMULATOR_LOG_FILE), whose growth tells how far the run got. */
  readonly journal: string;
  /** Provider records expected by the end of the run. */
  readonly expectedRecords: number;
  /** Starts the n-th worker process (1-based), on the same database and journal each time. */
  readonly spawn: (n: number) => AppProcess;
}

/**
 * Starts a worker, kills it with SIGKILL at a random point, and again, `kills` times. About a quarter of the
 * kills fall at a random moment of the first 3 s of a process's life (often during start-up or while it waits
 * for the dead process's lease); the rest after a random number of new provider records, sized so that the
 * run is not over before the last kill. Returns every kill and the process processes started (all dead).
 * Throws if a process exits on its own.
 */
export async function killRepeatedly(options: CrashLoopOptions): Promise<{ kills: KillRecord[]; processes: AppProcess[] }> {
  const random = mulberry32(options.seed);
  const records = new LineCounter(options.journal);
  const kills: KillRecord[] = [];
  const processes: AppProcess[] = [];
  for (let i = 0; i < options.kills; i++) {
    const proc = options.spawn(i + 1);
    processes.push(proc);
    const started = performance.now();
    const atStart = records.count();
    let mode: KillRecord["mode"];
    if (random() < 0.25) {
      mode = "time";
      await Promise.race([sleep(random() * 3000), proc.exited]);
    } else {
      mode = "progress";
      const budget = Math.max(1, Math.floor((options.expectedRecords - atStart) / (options.kills - i + 1)));
      const target = atStart + 1 + Math.floor(random() * budget * 1.5);
      const deadline = performance.now() + 90_000;
      while (records.count() < target && proc.running) {
        if (performance.now() > deadline) throw new Error(`process ${i + 1} made no progress in 90 s:\n${proc.tail()}`);
        await sleep(3);
      }
      await sleep(random() * 15);
    }
    if (!proc.running) throw new Error(`process ${i + 1} exited on its own:\n${proc.tail()}`);
    proc.killGroup("SIGKILL");
    const exit = await proc.exited;
    if (exit.signal !== "SIGKILL") throw new Error(`process ${i + 1} ended with ${JSON.stringify(exit)}, not SIGKILL`);
    kills.push({ process: i + 1, mode, aliveMs: Math.round(performance.now() - started), recordsAtStart: atStart, recordsAtKill: records.count() });
  }
  return { kills, processes };
}

/** A small seeded PRNG (mulberry32): floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
