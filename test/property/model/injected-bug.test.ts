import { describe, expect, test } from "vitest";
import { OPEN_FINDINGS, runEngineModel } from "../../../testkit/index.ts";
import { bugFromEnv, INJECTED_BUGS, type InjectedBug } from "./injected-bugs.ts";
import { memorySetup } from "./model-env.ts";

/**
 * The suite bites: with a bug injected into a port the engine sees, fast-check finds a counterexample and
 * shrinks it. `KAMPENI_INJECT_BUG=<name>` limits the run to one bug. Each shrunk counterexample is printed.
 */
const bugs = bugFromEnv() ? [bugFromEnv()!] : (Object.keys(INJECTED_BUGS) as InjectedBug[]);

describe("the engine model finds injected bugs", () => {
  test.each(bugs)("with %s injected, the model reports a shrunk counterexample", async (bug) => {
    const run = runEngineModel({
      makeDeps: memorySetup,
      wrapDeps: INJECTED_BUGS[bug],
      knownIssues: OPEN_FINDINGS,
      numRuns: 2_000,
      seed: 42,
    });
    const error: unknown = await run.then(() => null, (e: unknown) => e);
    expect(error, `no counterexample found for ${bug}`).toBeInstanceOf(Error);
    const report = (error as Error).message;
    console.log(`\n=== injected bug ${bug} ===\n${report.split("\nHint:")[0]}\n${String((error as Error).cause).split("\n")[0]}`);
    expect(report).toMatch(/Counterexample: \[/);
    expect(report).toMatch(/seed: -?\d+, path: "[\d:]+"/);
    expect(report).toMatch(/replayPath=/);
  }, 120_000);
});
