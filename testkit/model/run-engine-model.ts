import fc from "fast-check";
import { CoverageTally } from "./coverage.ts";
import { seedWorld } from "./fixture.ts";
import { modelOf, type Step, StepCommand } from "./step.ts";
import { BUILD_STEPS } from "./steps-build.ts";
import { CONTROL_STEPS } from "./steps-control.ts";
import { RACE_STEPS } from "./steps-race.ts";
import { settle, WORKER_STEPS } from "./steps-worker.ts";
import { WORLD_STEPS } from "./steps-world.ts";
import type { EngineModelOptions, ModelCoverage } from "./types.ts";
import { ModelWorld } from "./world.ts";

/** Every command of the model by name (a regression test replays them by name with explicit arguments). */
export const STEPS: Readonly<Record<string, Step<unknown>>> = {
  ...BUILD_STEPS,
  ...CONTROL_STEPS,
  ...WORKER_STEPS,
  ...WORLD_STEPS,
  ...RACE_STEPS,
} as unknown as Record<string, Step<unknown>>;

/** How often each command is drawn relative to the others (default 1). */
const WEIGHTS: Readonly<Record<string, number>> = {
  tick: 4, armFault: 5, launch: 4, importContacts: 2, attach: 2, setContent: 2, addRun: 3, retry: 2, deliveryReports: 2,
  advance: 2, race: 2, cancel: 1, pause: 2, resume: 2, settle: 1, flagsUp: 3, providerUp: 3,
};

function commandArbitraries(options: EngineModelOptions) {
  const arbs: fc.Arbitrary<StepCommand>[] = [];
  for (const [name, s] of Object.entries(STEPS)) {
    if (name === "race" && options.races === false) continue;
    const arb = s.arb.map((args) => new StepCommand(name, s, args));
    for (let i = 0; i < (WEIGHTS[name] ?? 1); i++) arbs.push(arb);
  }
  return arbs;
}

/**
 * Drives random sequences of every engine operation (building, launch control, worker ticks with faults inside
 * provider calls, crashes and stale wake-ups, delivery reports, clock jumps, flag-store outages and races) against
 * the real engine on the stores `makeDeps` returns, checking the invariants after every command and, at the end
 * of each sequence, that nothing is stuck. Throws fast-check's report (counterexample, seed, path, replayPath)
 * when an invariant fails; resolves with what the sequences covered.
 */
export async function runEngineModel(options: EngineModelOptions): Promise<ModelCoverage> {
  const tally = new CoverageTally();
  const property = fc.asyncProperty(
    fc.commands(commandArbitraries(options), {
      maxCommands: options.maxCommands ?? 40,
      size: "max",
      ...(options.replayPath ? { replayPath: options.replayPath } : {}),
    }),
    async (commands) => {
      tally.sequences++;
      const world = await ModelWorld.open(options, tally);
      try {
        await seedWorld(world);
        await fc.asyncModelRun(() => ({ model: modelOf(world), real: world }), commands);
        await settle(world);
      } finally {
        await world.close();
      }
    },
  );
  await fc.assert(property, {
    numRuns: options.numRuns ?? 100,
    verbose: options.verbose ?? false,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  return tally.summary();
}

/**
 * Replays one explicit command sequence (the names and arguments a counterexample printed) on fresh stores,
 * checking every invariant after each command and nothing stuck at the end. Throws the first violation.
 */
export async function replayEngineModel(
  options: Pick<EngineModelOptions, "makeDeps" | "wrapDeps" | "config" | "knownIssues">,
  commands: readonly (readonly [name: string, args: unknown])[],
): Promise<ModelCoverage> {
  const tally = new CoverageTally();
  tally.sequences++;
  const world = await ModelWorld.open(options, tally);
  try {
    await seedWorld(world);
    const model = modelOf(world);
    for (const [name, args] of commands) {
      const s = STEPS[name];
      if (!s) throw new Error(`no command named ${name}`);
      const command = new StepCommand(name, s, args);
      if (!command.check(model)) throw new Error(`precondition of ${command} does not hold`);
      await command.run(model, world);
    }
    await settle(world);
  } finally {
    await world.close();
  }
  return tally.summary();
}
