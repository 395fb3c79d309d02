import type fc from "fast-check";
import type { FlagStore, GroupStore, MessageStore, Run, RunStore } from "../../core/index.ts";

/** Who holds a run, as the model saw the claim and the holder's own fenced writes. */
export interface Holder {
  readonly proc: string;
  readonly fence: number;
  /** Event seq of the claim. */
  readonly claimSeq: number;
  leaseUntil: number;
  /** False once the holder released the lease or its tick returned. */
  active: boolean;
}

/** What the model knows about one worker process. */
export interface ProcTrace {
  readonly id: string;
  /** The run each claim returned, by run id (the latest claim of each run). */
  readonly claims: Map<string, Run>;
  /** Last flag read per run: when (event seq) and what it said. */
  readonly lastRead: Map<string, { readonly seq: number; readonly cancelled: boolean }>;
  /** Event seq of the last provider call per run. */
  readonly lastCall: Map<string, number>;
  /** Calls made for a run after another claim superseded this one. */
  readonly staleCalls: Map<string, number>;
  /** `<key>#<fence>` of every call made. */
  readonly keysCalled: Set<string>;
  /** Event seq of the last batch taken per run. */
  readonly batchSeq: Map<string, number>;
}

export const newTrace = (id: string): ProcTrace => ({
  id,
  claims: new Map(),
  lastRead: new Map(),
  lastCall: new Map(),
  staleCalls: new Map(),
  keysCalled: new Set(),
  batchSeq: new Map(),
});

/** The world side of the trackers. */
export interface TraceHost {
  nextSeq(): number;
  now(): number;
  readonly holders: Map<string, Holder>;
  /** Event seq at which each run's cancel flag was set. */
  readonly cancelSeq: Map<string, number>;
  /** Event seq at which each run was last resumed (paused -> scheduled). */
  readonly resumed: Map<string, number>;
  /** Event seq at which each phone was first suppressed. */
  readonly suppressedAt: Map<string, number>;
  /** Records a violation; `knownIssue` names an open finding the caller may have chosen to tolerate. */
  violate(invariant: string, detail: string, knownIssue?: string): void;
}

/** `target` with some methods replaced; every other method is the target's own, bound to it. */
export function intercept<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, p) {
      if (Object.hasOwn(overrides, p)) return (overrides as Record<PropertyKey, unknown>)[p];
      const v = Reflect.get(t, p, t);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

/** `target` whose every method first waits for the scheduler: each store call becomes one interleaving point. */
export function scheduled<T extends object>(target: T, s: fc.Scheduler, label: string): T {
  return new Proxy(target, {
    get(t, p) {
      const v = Reflect.get(t, p, t);
      if (typeof v !== "function") return v;
      return async (...args: unknown[]) => {
        await s.schedule(Promise.resolve(), `${label}.${String(p)}`);
        return v.apply(t, args);
      };
    },
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The run store a worker process uses: records its claims and lease writes; flags overlapping claims. */
export function trackRuns(host: TraceHost, trace: ProcTrace, runs: RunStore): RunStore {
  return intercept(runs, {
    claimNext: async (request) => {
      const run = await runs.claimNext(request);
      if (!run) return run;
      const prev = host.holders.get(run.run_id);
      const now = host.now();
      if (prev && prev.active && now < prev.leaseUntil) {
        const resumed = (host.resumed.get(run.run_id) ?? -1) > prev.claimSeq;
        host.violate(
          "claimsNeverOverlap",
          `${trace.id} claimed ${run.run_id} (fence ${run.fence}) at ${iso(now)} while ${prev.proc} still held it ` +
            `(fence ${prev.fence}, lease until ${iso(prev.leaseUntil)})${resumed ? ": a resume made it claimable" : ""}`,
        );
      }
      const claimSeq = host.nextSeq();
      host.holders.set(run.run_id, { proc: trace.id, fence: run.fence, claimSeq, leaseUntil: run.lease?.expires_at ?? now, active: true });
      trace.claims.set(run.run_id, run);
      return run;
    },
    update: async (runId, condition, patch) => {
      const run = await runs.update(runId, condition, patch);
      if (run && patch.status === "scheduled" && condition.status?.includes("paused")) host.resumed.set(runId, host.nextSeq());
      const holder = host.holders.get(runId);
      if (run && holder && holder.proc === trace.id && condition.fence === holder.fence && "lease" in patch) {
        if (patch.lease === null || patch.lease === undefined) holder.active = false;
        else holder.leaseUntil = patch.lease.expires_at;
      }
      return run;
    },
  });
}

/** The flag store a process uses: records each read (for the cancel rule) and when cancel flags are set. */
export function trackFlags(host: TraceHost, trace: ProcTrace, flags: FlagStore): FlagStore {
  return intercept(flags, {
    read: async (runId) => {
      const read = await flags.read(runId);
      trace.lastRead.set(runId, { seq: host.nextSeq(), cancelled: read.cancelled });
      return read;
    },
    setCancelled: async (runIds) => {
      await flags.setCancelled(runIds);
      const seq = host.nextSeq();
      for (const id of runIds) if (!host.cancelSeq.has(id)) host.cancelSeq.set(id, seq);
    },
  });
}

/** The group store a process uses: records when each number was opted out. */
export function trackGroups(host: TraceHost, groups: GroupStore): GroupStore {
  return intercept(groups, {
    suppress: async (workspaceId, phones) => {
      const added = await groups.suppress(workspaceId, phones);
      const seq = host.nextSeq();
      for (const p of phones) if (!host.suppressedAt.has(p)) host.suppressedAt.set(p, seq);
      return added;
    },
  });
}

/** The message store a process uses: records when it took each batch. */
export function trackMessages(host: TraceHost, trace: ProcTrace, messages: MessageStore): MessageStore {
  return intercept(messages, {
    takeBatch: (runId, fence, limit, now) => {
      trace.batchSeq.set(runId, host.nextSeq());
      return messages.takeBatch(runId, fence, limit, now);
    },
  });
}
