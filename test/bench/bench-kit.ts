/**
 * Shared pieces of the benchmarks: timing with memory sampling, the result row every bench prints, and the
 * engine on SQLite stores. Each `*.bench.ts` runs in its own process (see `run.ts`), started with
 * `--expose-gc`, so heap and RSS figures of one bench never include another's leftovers.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CronerCronEvaluator } from "../../adapters/croner/croner-cron-evaluator.ts";
import {
  createMemoryStores,
  ManualClock,
  MemoryFlagStore,
  RecordingLogger,
  SimulatedSmsGateway,
  UlidIdGenerator,
} from "../../adapters/in-memory/index.ts";
import { LibphonenumberNormalizer } from "../../adapters/libphonenumber/libphonenumber-normalizer.ts";
import { openSqliteStores, type SqliteStores } from "../../adapters/sqlite/index.ts";
import { createEngine, DEFAULT_ENGINE_CONFIG, type EngineDeps } from "../../core/index.ts";
import type { MessageGateway } from "../../core/ports/message-gateway.port.ts";

/**
 * One line of the printed table. For time rows `engine`/`baseline` are CPU milliseconds of this process (the
 * benches share the machine with other work, and CPU time does not count time spent descheduled); wall times
 * are shown beside them. `ratio` is engine ÷ baseline, compared with `target` as a ceiling, or as a floor
 * when `higherIsBetter`.
 */
export interface BenchRow {
  readonly name: string;
  readonly n: number;
  readonly engine: number;
  readonly baseline: number;
  readonly unit: "cpu ms" | "B/rcpt" | "claims/s" | "cpu µs/claim";
  readonly engineWall: number | null;
  readonly baselineWall: number | null;
  readonly ratio: number;
  readonly target: number;
  readonly higherIsBetter?: boolean;
  /** Peak growth over the engine phase, in MiB: heap used (live and not yet collected) and resident set. */
  readonly peakHeapMiB: number;
  readonly peakRssMiB: number;
  readonly note?: string;
}

/** Whether a row meets its target. */
export function passes(row: BenchRow): boolean {
  return row.higherIsBetter ? row.ratio >= row.target : row.ratio <= row.target;
}

/** `gc()` from `--expose-gc`; the runner always passes the flag, so its absence is a setup bug. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the benches through test/bench/run.ts (node --expose-gc)");
  gc();
  gc();
}

/**
 * Tracks the highest heap-used and RSS seen since `reset`. The event loop does not turn while SQLite work
 * and microtasks run, so a timer would miss the peak: instead the code under test calls `tick()` (through
 * {@link probed} ports) and every 64th tick takes a sample, which keeps the cost out of the timings.
 */
export class MemoryProbe {
  #ticks = 0;
  #baseHeap = 0;
  #baseRss = 0;
  #peakHeap = 0;
  #peakRss = 0;

  reset(): void {
    const m = process.memoryUsage();
    this.#baseHeap = this.#peakHeap = m.heapUsed;
    this.#baseRss = this.#peakRss = m.rss;
  }

  tick(): void {
    if ((++this.#ticks & 63) === 0) this.sample();
  }

  sample(): void {
    const m = process.memoryUsage();
    if (m.heapUsed > this.#peakHeap) this.#peakHeap = m.heapUsed;
    if (m.rss > this.#peakRss) this.#peakRss = m.rss;
  }

  /** Peak growth since `reset`, in bytes. */
  peak(): { heap: number; rss: number } {
    this.sample();
    return { heap: this.#peakHeap - this.#baseHeap, rss: this.#peakRss - this.#baseRss };
  }
}

/** `target` with every method call ticking `probe` first; methods keep their own `this` (private fields). */
export function probed<T extends object>(target: T, probe: MemoryProbe): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key, object) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        probe.tick();
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/** One timed phase: CPU and wall time, and peak memory growth after a full collection. */
export interface Measured {
  readonly cpu: number;
  readonly wall: number;
  readonly heap: number;
  readonly rss: number;
}

/** Collects garbage, then times `work` while `probe` tracks its peak memory. */
export async function measure(probe: MemoryProbe, work: () => Promise<unknown> | unknown): Promise<Measured> {
  collect();
  probe.reset();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const peak = probe.peak();
  return { cpu: (used.user + used.system) / 1000, wall, heap: peak.heap, rss: peak.rss };
}

/** The cheapest of several measurements (the least disturbed by the machine), with the highest peaks seen. */
export function best(samples: readonly Measured[]): Measured {
  const cheapest = samples.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  return { ...cheapest, heap: Math.max(...samples.map((s) => s.heap)), rss: Math.max(...samples.map((s) => s.rss)) };
}

/** A time row: the engine's measurement against the baseline's, with a ceiling on their CPU-time ratio. */
export function timeRow(name: string, n: number, engine: Measured, baseline: Measured, target: number, note: string): BenchRow {
  return {
    name,
    n,
    engine: engine.cpu,
    baseline: baseline.cpu,
    unit: "cpu ms",
    engineWall: engine.wall,
    baselineWall: baseline.wall,
    ratio: engine.cpu / baseline.cpu,
    target,
    peakHeapMiB: MiB(engine.heap),
    peakRssMiB: MiB(engine.rss),
    note,
  };
}

export const MiB = (bytes: number): number => bytes / (1024 * 1024);

/** A private temporary directory for database files, removed by `remove`. */
export function tempDir(): { file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "kampeni-bench-"));
  return { file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Contact rows for an import: valid UK mobiles, written nationally as people type them, with a name each. */
export function contactRows(n: number): { phone: string; name: string }[] {
  return Array.from({ length: n }, (_, i) => ({ phone: `07400 ${String(i).padStart(6, "0")}`, name: `Person ${i}` }));
}

/** Where a bench engine keeps its data: in memory, or in a SQLite file (flags stay in memory either way). */
export type Backend = { readonly kind: "memory" } | { readonly kind: "sqlite"; readonly path: string };

/**
 * The engine under a manual clock, with `ws_a` credited `balance` units (default 10,000,000), built as the
 * tests build it. `wrap` lets a bench put a {@link probed} proxy around the ports that do the bulk of the work
 * (the group and message stores, the gateway and the phone normaliser; only the two stores with `wrapStoresOnly`).
 */
export async function benchEngine(
  backend: Backend,
  options: { gateway?: MessageGateway; wrap?: <T extends object>(port: T) => T; wrapStoresOnly?: boolean; balance?: number } = {},
) {
  const sqlite: SqliteStores | null = backend.kind === "sqlite" ? openSqliteStores(backend.path) : null;
  const ports = sqlite ? withoutLifecycle(sqlite) : createMemoryStores();
  const wrap = options.wrap ?? (<T extends object>(port: T) => port);
  const wrapOther = options.wrapStoresOnly ? <T extends object>(port: T) => port : wrap;
  const clock = new ManualClock("2026-05-12T12:00:00.000Z");
  const deps: EngineDeps = {
    campaigns: ports.campaigns,
    runs: ports.runs,
    ledger: ports.ledger,
    groups: wrap(ports.groups),
    messages: wrap(ports.messages),
    flags: new MemoryFlagStore(),
    gateway: wrapOther(options.gateway ?? new SimulatedSmsGateway()),
    cron: new CronerCronEvaluator(),
    phones: wrapOther(new LibphonenumberNormalizer()),
    clock,
    ids: new UlidIdGenerator(clock),
    logger: new RecordingLogger(),
    config: { ...DEFAULT_ENGINE_CONFIG, defaultRegion: "GB" },
  };
  await deps.ledger.credit("ws_a", options.balance ?? 10_000_000, "initial");
  const close = async () => {
    await sqlite?.close();
  };
  return { ...createEngine(deps, "bench-worker"), deps, clock, close };
}

function withoutLifecycle(stores: SqliteStores) {
  const { close: _close, ping: _ping, ...ports } = stores;
  return ports;
}

/** Prints the rows as JSON on one line for `run.ts` to collect. */
export function report(rows: readonly BenchRow[]): void {
  process.stdout.write(`BENCH_ROWS ${JSON.stringify(rows)}\n`);
}

/** An engine built by {@link benchEngine}. */
export type BenchEngine = Awaited<ReturnType<typeof benchEngine>>;
