/**
 * Deno smoke test: proves the core loads and runs under Deno, not only under Node.
 * Run with `npm run test:deno`; vitest ignores this file (it is not a `*.test.ts`).
 */
import type { RunStatus } from "../../core/domain/model.ts";
import { isTerminal, publicRunStatus, transitionRun, type RunEvent } from "../../core/domain/run-state.ts";

// The file is also type-checked by `tsc` under Node types, where the `Deno` global is unknown,
// so it reaches `Deno.test` through a minimal structural type instead of Deno's own declarations.
interface DenoTestApi {
  test(name: string, fn: () => void): void;
}
const { Deno } = globalThis as unknown as { Deno: DenoTestApi };

function assertEquals<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function landsOn(from: RunStatus, event: RunEvent): RunStatus | "rejected" {
  const t = transitionRun(from, event);
  return t.ok ? t.to : "rejected";
}

Deno.test("a ready run launches, is claimed, starts and completes", () => {
  assertEquals(landsOn("ready", "launch"), "scheduled", "launch");
  assertEquals(landsOn("scheduled", "claim"), "claimed", "claim");
  assertEquals(landsOn("claimed", "start"), "running", "start");
  assertEquals(landsOn("running", "complete"), "completed", "complete");
  assertEquals(isTerminal("completed"), true, "completed is terminal");
});

Deno.test("a paused run resumes to scheduled, not straight back to running", () => {
  assertEquals(landsOn("running", "pause"), "paused", "pause");
  assertEquals(landsOn("paused", "resume"), "scheduled", "resume");
});

Deno.test("terminal runs reject every move and the rejection names where it came from", () => {
  assertEquals(transitionRun("completed", "resume"), { ok: false, from: "completed", event: "resume" }, "resume");
  assertEquals(landsOn("cancelled", "launch"), "rejected", "launch after cancel");
  assertEquals(landsOn("retired", "cancel"), "rejected", "cancel after retire");
});

Deno.test("claimed is shown as running to the outside", () => {
  assertEquals(publicRunStatus("claimed"), "running", "claimed");
  assertEquals(publicRunStatus("paused"), "paused", "paused");
});
