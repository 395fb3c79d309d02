import type { Clock, EngineConfig, EngineDeps } from "../../core/index.ts";

/** The six store ports the model drives; an embedding service passes its own adapters. */
export type ModelStores = Pick<EngineDeps, "campaigns" | "groups" | "runs" | "messages" | "flags" | "ledger">;

/** Levers on the adapters that only the embedding service knows how to pull. */
export interface ModelControls {
  /**
   * Makes the flag store unreachable (`false`) or reachable again (`true`); resolves once it is so (for a
   * networked store: once it answers again). Leave it out and the model never cuts the flag store.
   */
  setFlagsUp?(up: boolean): void | Promise<void>;
  /** Releases what `makeDeps` opened (connections, files); called once per generated sequence. */
  close?(): void | Promise<void>;
}

/**
 * What `makeDeps` returns: the stores under test (and optionally the cron evaluator, phone normaliser, id
 * generator and logger). The model always supplies the clock (manual) and the gateway (simulated, probed).
 */
export interface ModelSetup {
  readonly deps: ModelStores & Partial<Pick<EngineDeps, "cron" | "phones" | "ids" | "logger">>;
  readonly controls?: ModelControls;
}

/** Options of {@link runEngineModel}. */
export interface EngineModelOptions {
  /** Fresh, empty stores for one generated sequence. `clock` is the model's manual clock. */
  readonly makeDeps: (context: { readonly clock: Clock }) => Promise<ModelSetup>;
  /** Generated sequences (default 100). */
  readonly numRuns?: number;
  /** Replays a failure: the `seed`, `path` and `replayPath` fast-check printed. */
  readonly seed?: number;
  readonly path?: string;
  readonly replayPath?: string;
  /** Longest command sequence (default 40). */
  readonly maxCommands?: number;
  /** Races two workers and a control call under `fc.scheduler` (default true). */
  readonly races?: boolean;
  /**
   * Rewrites what the engine sees (never what the invariants read): a test wraps a port here to inject a
   * bug and prove the model finds it.
   */
  readonly wrapDeps?: (deps: EngineDeps) => EngineDeps;
  /**
   * Open findings to tolerate (by id, see `OPEN_FINDINGS`): their violations are counted as events
   * instead of failing, so the model keeps hunting other bugs until they are fixed.
   */
  readonly knownIssues?: readonly string[];
  /** Engine tunables; small batches and leases by default so every path is reached in a few commands. */
  readonly config?: Partial<EngineConfig>;
  /**
   * fast-check's verbose mode: also print every failure met while shrinking (default false; the counterexample,
   * seed, path and replayPath are printed either way).
   */
  readonly verbose?: boolean;
}

/** What a finished {@link runEngineModel} covered. */
export interface ModelCoverage {
  readonly sequences: number;
  /** How many times each command ran (precondition met). */
  readonly commands: Readonly<Record<string, number>>;
  /** Notable events: in-flight repeats, refused stale writes, outcomes of ticks, … */
  readonly events: Readonly<Record<string, number>>;
}

/**
 * Small engine tunables, so every path is reached in a few commands: batches of 3 recorded every 2 calls, a 60 s
 * lease, a 24 h pickup window, 3 provider errors, a 2-day horizon of at most 4 waiting occurrences (a daily
 * schedule is then bound by time, a half-hourly one by count).
 */
export const MODEL_CONFIG: Partial<EngineConfig> = {
  batchSize: 3,
  flushEvery: 2,
  leaseMs: 60_000,
  pickupWindowMs: 24 * 3_600_000,
  maxProviderErrors: 3,
  defaultRegion: "GB",
  horizonMs: 2 * 24 * 3_600_000,
  horizonOccurrences: 4,
};
