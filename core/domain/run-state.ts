import type { RunStatus } from "./model.ts";

/** Everything that moves a run from one status to another. */
export type RunEvent =
  | "launch"
  | "claim"
  | "start"
  | "pause"
  | "resume"
  | "cancel"
  | "complete"
  | "fail"
  | "retire";

interface Transition {
  readonly from: readonly RunStatus[];
  readonly to: RunStatus;
}

/** The run state machine: for each event, the statuses it applies to and the status it leads to. */
const TRANSITIONS: Readonly<Record<RunEvent, Transition>> = {
  launch: { from: ["ready"], to: "scheduled" },
  // A claim also takes over a run whose holder's lease expired.
  claim: { from: ["scheduled", "claimed", "running"], to: "claimed" },
  start: { from: ["claimed"], to: "running" },
  pause: { from: ["claimed", "running"], to: "paused" },
  resume: { from: ["paused"], to: "scheduled" },
  cancel: { from: ["ready", "scheduled", "claimed", "running", "paused"], to: "cancelled" },
  complete: { from: ["claimed", "running"], to: "completed" },
  fail: { from: ["scheduled", "claimed", "running"], to: "failed" },
  retire: { from: ["ready"], to: "retired" },
};

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ["completed", "failed", "cancelled", "retired"];
/** Statuses in which a worker holds (or may hold) the run. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["claimed", "running"];

export type RunTransition =
  | { readonly ok: true; readonly to: RunStatus }
  | { readonly ok: false; readonly from: RunStatus; readonly event: RunEvent };

/** Pure: where `event` takes a run in status `from`, or a rejection. */
export function transitionRun(from: RunStatus, event: RunEvent): RunTransition {
  const t = TRANSITIONS[event];
  return t.from.includes(from) ? { ok: true, to: t.to } : { ok: false, from, event };
}

/** The statuses `event` applies to: the precondition of the conditional write that performs it. */
export function statusesFor(event: RunEvent): readonly RunStatus[] {
  return TRANSITIONS[event].from;
}

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

/** `claimed` is internal: every response shows it as `running`. */
export function publicRunStatus(status: RunStatus): Exclude<RunStatus, "claimed"> {
  return status === "claimed" ? "running" : status;
}
