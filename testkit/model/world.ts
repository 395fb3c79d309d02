import type fc from "fast-check";
import {
  type Actor,
  type CampaignService,
  createEngine,
  DEFAULT_ENGINE_CONFIG,
  type Engine,
  type EngineDeps,
  type GatewayOutcome,
  type Logger,
  type MessageStatus,
  type OutboundMessage,
  type RunStatus,
} from "../../core/index.ts";
import { ManualClock, SimulatedSmsGateway, UlidIdGenerator } from "../../adapters/in-memory/index.ts";
import { CronerCronEvaluator } from "../../adapters/croner/croner-cron-evaluator.ts";
import { LibphonenumberNormalizer } from "../../adapters/libphonenumber/libphonenumber-normalizer.ts";
import { type CallCheckHost, checkProviderCall } from "./call-checks.ts";
import type { CoverageTally } from "./coverage.ts";
import { type CallFault, ProbeGateway, type ProviderCall } from "./probe-gateway.ts";
import { CONCURRENT_LAUNCHES_MIX_PLANS } from "./findings.ts";
import {
  type Holder,
  newTrace,
  type ProcTrace,
  scheduled,
  trackFlags,
  trackGroups,
  trackMessages,
  trackRuns,
} from "./tracking.ts";
import { type EngineModelOptions, MODEL_CONFIG, type ModelControls, type ModelStores } from "./types.ts";
import { PHONES } from "./phones.ts";
import { runInFlight } from "./in-flight.ts";

export const WORKSPACE = "ws_model";
export const ACTOR: Actor = { workspace_id: WORKSPACE };
/** Small on purpose: some launches and retries are refused for insufficient balance. */
export const INITIAL_CREDIT = 60;

/** One worker process (or API process): its engine over tracked, possibly scheduled, ports. */
export interface Proc {
  readonly trace: ProcTrace;
  readonly probe: ProbeGateway;
  readonly engine: Engine;
}

type Settled = { readonly ok: true; readonly outcome: string } | { readonly ok: false; readonly error: unknown };

/** A worker whose tick is parked in a provider call: crashed, until the model wakes it (stale). */
export interface HungWorker {
  readonly proc: Proc;
  readonly tick: Promise<Settled>;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** Ids that replay identically: a ULID generator fed by a counter instead of crypto randomness. */
function counterFill(): (bytes: Uint8Array<ArrayBuffer>) => void {
  let n = 0;
  return (bytes) => {
    n++;
    bytes.fill(0);
    new DataView(bytes.buffer).setUint32(6, n);
  };
}

/**
 * The real system of one generated sequence, and what the model remembers about it: the engine over the
 * stores under test, a manual clock, the simulated provider behind a probe per worker process, and the
 * bookkeeping the invariants read (calls, claims, cancels, last statuses seen).
 */
export class ModelWorld implements CallCheckHost {
  readonly holders = new Map<string, Holder>();
  readonly cancelSeq = new Map<string, number>();
  readonly resumed = new Map<string, number>();
  readonly suppressedAt = new Map<string, number>();
  /** Ready runs two launches raced for (see `CONCURRENT_LAUNCHES_MIX_PLANS`). */
  readonly racedLaunches = new Set<string>();
  readonly calls: ProviderCall[] = [];
  readonly violations: { readonly invariant: string; readonly detail: string }[] = [];
  readonly hung: HungWorker[] = [];
  readonly campaigns: string[] = [];
  readonly groups: string[] = [];
  readonly cancelled = new Set<string>();
  /** Runs that existed when their campaign's cancel returned: terminal for ever. */
  readonly cancelledRuns = new Set<string>();
  readonly lastMessage = new Map<string, MessageStatus>();
  readonly lastRun = new Map<string, RunStatus>();
  /** Each recurring child's scheduled_at when the model first saw it, and the latest per template. */
  readonly occurrenceAt = new Map<string, number>();
  readonly latestOccurrence = new Map<string, number>();
  credits = INITIAL_CREDIT;
  flagsUp = true;
  live!: Proc;
  #seq = 0;
  #procs = 0;

  private constructor(
    readonly clock: ManualClock,
    readonly sim: SimulatedSmsGateway,
    readonly stores: ModelStores,
    readonly base: EngineDeps,
    readonly controls: ModelControls,
    readonly options: EngineModelOptions,
    readonly tally: CoverageTally,
  ) {}

  static async open(options: EngineModelOptions, tally: CoverageTally): Promise<ModelWorld> {
    const clock = new ManualClock("2026-05-12T12:00:00.000Z");
    const setup = await options.makeDeps({ clock });
    const { cron, phones, ids, logger, ...stores } = setup.deps;
    const sim = new SimulatedSmsGateway({ failNumbers: [PHONES[5]!] });
    const base: EngineDeps = {
      ...stores,
      gateway: sim,
      cron: cron ?? new CronerCronEvaluator(),
      phones: phones ?? new LibphonenumberNormalizer(),
      ids: ids ?? new UlidIdGenerator(clock, counterFill()),
      logger: logger ?? silent,
      clock,
      config: { ...DEFAULT_ENGINE_CONFIG, ...MODEL_CONFIG, ...options.config },
    };
    const world = new ModelWorld(clock, sim, stores, base, setup.controls ?? {}, options, tally);
    await stores.ledger.credit(WORKSPACE, INITIAL_CREDIT, "model-initial");
    world.live = world.spawn("w");
    return world;
  }

  get service(): CampaignService {
    return this.live.engine.service;
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  now(): number {
    return this.clock.now();
  }

  violate(invariant: string, detail: string, knownIssue?: string): void {
    if (knownIssue !== undefined && this.options.knownIssues?.includes(knownIssue)) return this.event(`known_issue:${knownIssue}`);
    this.violations.push({ invariant, detail: knownIssue ? `${detail} [open finding ${knownIssue}]` : detail });
  }

  /** Whether an open finding the caller chose to tolerate explains a violation about run `runId`. */
  tolerates(knownIssue: string, runId: string): boolean {
    const scoped = knownIssue !== CONCURRENT_LAUNCHES_MIX_PLANS || this.racedLaunches.has(runId);
    const tolerated = scoped && this.options.knownIssues?.includes(knownIssue) === true;
    if (tolerated) this.event(`known_issue:${knownIssue}`);
    return tolerated;
  }

  event(name: string, by = 1): void {
    this.tally.event(name, by);
  }

  /** A new process `<prefix><n>`; with a scheduler every store and provider call is an interleaving point. */
  spawn(prefix: string, scheduler: fc.Scheduler | null = null): Proc {
    const trace = newTrace(`${prefix}${++this.#procs}`);
    const host = {
      startCall: (_worker: string, m: OutboundMessage) => this.#startCall(trace, m),
      inFlight: (_worker: string, fault: CallFault, call: ProviderCall, outcome: GatewayOutcome) =>
        runInFlight(this, fault, call, outcome),
      forward: async (m: OutboundMessage) => {
        if (scheduler) await scheduler.schedule(Promise.resolve(), `${trace.id}.provider`);
        return this.sim.send(m);
      },
    };
    const probe = new ProbeGateway(trace.id, host);
    let deps: EngineDeps = {
      ...this.base,
      runs: trackRuns(this, trace, this.base.runs),
      flags: trackFlags(this, trace, this.base.flags),
      groups: trackGroups(this, this.base.groups),
      messages: trackMessages(this, trace, this.base.messages),
      gateway: probe,
    };
    if (scheduler) {
      for (const k of ["campaigns", "groups", "runs", "messages", "flags", "ledger"] as const) {
        deps = { ...deps, [k]: scheduled(deps[k], scheduler, `${trace.id}.${k}`) };
      }
    }
    const engine = createEngine(this.options.wrapDeps ? this.options.wrapDeps(deps) : deps, trace.id);
    return { trace, probe, engine };
  }

  /**
   * One tick of `proc`. Returns the dispatch outcome, `housekeeping` (overdue runs failed or schedules extended,
   * nothing dispatched), `idle` (nothing at all), or `crashed` when an armed crash fault parked the
   * tick: the process is then hung and, if it was the live worker, a new one replaces it.
   */
  async tick(proc: Proc): Promise<string> {
    if (this.hung.some((h) => h.proc === proc)) throw new Error(`model harness bug: ${proc.trace.id} crashed and cannot tick`);
    const tick: Promise<Settled> = proc.engine.worker.tick().then(
      (r): Settled => ({ ok: true, outcome: r.dispatched?.outcome ?? (r.overdue + r.extended > 0 ? "housekeeping" : "idle") }),
      (error: unknown): Settled => ({ ok: false, error }),
    ).finally(() => this.release(proc.trace.id));
    const first = await Promise.race([tick, proc.probe.crashed.then(() => null)]);
    if (first === null) {
      this.hung.push({ proc, tick });
      if (proc === this.live) this.live = this.spawn("w");
      this.event("worker_crashed");
      return "crashed";
    }
    if (!first.ok) throw first.error;
    this.event(`tick_${first.outcome}`);
    return first.outcome;
  }

  /** The claims of a process whose tick returned are no longer live. */
  release(procId: string): void {
    for (const h of this.holders.values()) if (h.proc === procId) h.active = false;
  }

  async setFlagsUp(up: boolean): Promise<void> {
    if (!this.controls.setFlagsUp || this.flagsUp === up) return;
    await this.controls.setFlagsUp(up);
    this.flagsUp = up;
  }

  async close(): Promise<void> {
    await this.setFlagsUp(true);
    await this.controls.close?.();
  }

  async #startCall(trace: ProcTrace, m: OutboundMessage): Promise<ProviderCall> {
    const key = m.idempotency_key;
    const at = key.lastIndexOf(":");
    const runId = key.slice(0, at);
    const call: ProviderCall = {
      seq: this.nextSeq(),
      worker: trace.id,
      key,
      runId,
      recipientSeq: Number(key.slice(at + 1)),
      to: m.to,
      fence: trace.claims.get(runId)?.fence ?? null,
      outcome: "attempted",
    };
    if (this.calls.some((c) => c.key === key && c.outcome !== "attempted")) this.event("in_flight_repeat");
    this.calls.push(call);
    await checkProviderCall(this, trace, call);
    return call;
  }
}
