import type { EngineDeps, Message } from "../../../core/index.ts";
import { intercept } from "../../../testkit/index.ts";

/**
 * Bugs the model must find, injected by wrapping a port of what the engine sees (never inside core/, never
 * what the invariants read). Chosen with `KAMPENI_INJECT_BUG=<name>`; read only by the test files.
 */
export const INJECTED_BUGS = {
  /** The message store's `list` reports SENT and DELIVERED rows as FAILED, so retry takes them again. */
  "retry-includes-sent": (deps: EngineDeps): EngineDeps => ({
    ...deps,
    messages: intercept(deps.messages, {
      list: async (runId, options) => {
        const rows = await deps.messages.list(runId, options);
        return rows.map((m): Message => (m.status === "SENT" || m.status === "DELIVERED" ? { ...m, status: "FAILED" } : m));
      },
    }),
  }),
  /** The flag store never reports a cancel: the worker keeps sending a cancelled run. */
  "ignore-cancel": (deps: EngineDeps): EngineDeps => ({
    ...deps,
    flags: intercept(deps.flags, { read: async (runId) => ({ ...(await deps.flags.read(runId)), cancelled: false }) }),
  }),
  /** The worker's view of opt-outs is always empty: it sends to numbers that opted out after launch. */
  "ignore-opt-outs": (deps: EngineDeps): EngineDeps => ({
    ...deps,
    groups: intercept(deps.groups, { suppressed: async () => new Set<string>() }),
  }),
  /** `takeBatch` drops rows an earlier holder left QUEUED: after a crash their recipients are never sent. */
  "lose-queued-after-crash": (deps: EngineDeps): EngineDeps => ({
    ...deps,
    messages: intercept(deps.messages, {
      takeBatch: async (runId, fence, limit, now) => {
        const before = await deps.messages.list(runId, { status: "QUEUED", afterSeq: -1, limit: 1_000_000 });
        const left = new Set(before.filter((m) => m.fence !== fence).map((m) => m.seq));
        return (await deps.messages.takeBatch(runId, fence, limit, now)).filter((m) => !left.has(m.seq));
      },
    }),
  }),
} as const;

export type InjectedBug = keyof typeof INJECTED_BUGS;

/** The bug named by `KAMPENI_INJECT_BUG`, if any (an unknown name is an error, not silently no bug). */
export function bugFromEnv(): InjectedBug | null {
  const name = process.env.KAMPENI_INJECT_BUG;
  if (!name) return null;
  if (!(name in INJECTED_BUGS)) throw new Error(`KAMPENI_INJECT_BUG=${name}: known bugs are ${Object.keys(INJECTED_BUGS).join(", ")}`);
  return name as InjectedBug;
}
