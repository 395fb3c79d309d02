import { describe, expect, test } from "vitest";
import {
  isTerminal,
  publicRunStatus,
  type RunEvent,
  type RunStatus,
  statusesFor,
  TERMINAL_RUN_STATUSES,
  transitionRun,
} from "../../../core/index.ts";

const STATUSES: readonly RunStatus[] = [
  "ready", "scheduled", "claimed", "running", "paused", "completed", "failed", "cancelled", "retired",
];

/** The run lifecycle as SPEC §3–§5 and the seed describe it: event -> (from -> to). Everything else is refused. */
const ALLOWED: Readonly<Record<RunEvent, Partial<Record<RunStatus, RunStatus>>>> = {
  launch: { ready: "scheduled" },
  // A claim also takes over a claimed/running run whose lease expired.
  claim: { scheduled: "claimed", claimed: "claimed", running: "claimed" },
  start: { claimed: "running" },
  pause: { claimed: "paused", running: "paused" },
  resume: { paused: "scheduled" },
  cancel: { ready: "cancelled", scheduled: "cancelled", claimed: "cancelled", running: "cancelled", paused: "cancelled" },
  complete: { claimed: "completed", running: "completed" },
  // A scheduled run that missed its pickup window fails without being claimed.
  fail: { scheduled: "failed", claimed: "failed", running: "failed" },
  retire: { ready: "retired" },
};

const cases = (Object.keys(ALLOWED) as RunEvent[]).flatMap((event) => STATUSES.map((from) => ({ event, from, to: ALLOWED[event][from] ?? null })));

describe("run state machine", () => {
  test.each(cases.filter((c) => c.to !== null))("$event moves a $from run to $to", ({ event, from, to }) => {
    // given a run in `from`, when `event` happens, then it lands in `to`
    expect(transitionRun(from, event)).toEqual({ ok: true, to });
  });

  test.each(cases.filter((c) => c.to === null))("$event is refused for a $from run", ({ event, from }) => {
    // given a run in `from`, when `event` happens, then the machine refuses and names the attempt
    expect(transitionRun(from, event)).toEqual({ ok: false, from, event });
  });

  test("the table covers 81 event/status pairs, 19 of them allowed", () => {
    expect(cases).toHaveLength(81);
    expect(cases.filter((c) => c.to !== null)).toHaveLength(19);
  });

  test("statusesFor gives each event's precondition, the statuses it applies to", () => {
    for (const event of Object.keys(ALLOWED) as RunEvent[]) {
      expect([...statusesFor(event)].sort()).toEqual(Object.keys(ALLOWED[event]).sort());
    }
  });

  test("no event leaves a terminal status", () => {
    // given the terminal statuses
    expect([...TERMINAL_RUN_STATUSES].sort()).toEqual(["cancelled", "completed", "failed", "retired"]);
    // then every event from each of them is refused
    for (const from of TERMINAL_RUN_STATUSES) {
      for (const event of Object.keys(ALLOWED) as RunEvent[]) expect(transitionRun(from, event).ok).toBe(false);
    }
  });

  test("isTerminal is true exactly for completed, failed, cancelled and retired", () => {
    expect(STATUSES.filter(isTerminal)).toEqual(["completed", "failed", "cancelled", "retired"]);
  });
});

describe("public run status", () => {
  test("claimed is shown as running", () => {
    expect(publicRunStatus("claimed")).toBe("running");
  });

  test.each(STATUSES.filter((s) => s !== "claimed"))("%s is shown as itself", (status) => {
    expect(publicRunStatus(status)).toBe(status);
  });
});
