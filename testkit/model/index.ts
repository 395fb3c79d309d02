/**
 * The model-based property harness: the whole engine as a state machine under fast-check. Run it against your
 * own store adapters to check "never twice, never lost, never stuck" end to end:
 *
 * ```ts
 * import { runEngineModel } from "kampeni/testkit";
 * await runEngineModel({
 *   makeDeps: async () => ({ deps: { ...myStores(), flags: myFlags }, controls: { setFlagsUp: (up) => cut(!up) } }),
 *   numRuns: 200,
 * });
 * ```
 * @module
 */
export { replayEngineModel, runEngineModel, STEPS } from "./run-engine-model.ts";
export { formatCoverage } from "./coverage.ts";
export { InvariantViolation } from "./invariants.ts";
export * as invariants from "./invariants.ts";
export { CALL_FAULTS, type CallFault } from "./probe-gateway.ts";
export { intercept, RESUME_FREES_A_HELD_RUN } from "./tracking.ts";
export { PHONES } from "./phones.ts";
export { ACTOR, INITIAL_CREDIT, WORKSPACE } from "./world.ts";
export type { EngineModelOptions, ModelControls, ModelCoverage, ModelSetup, ModelStores } from "./types.ts";
export { MODEL_CONFIG } from "./types.ts";
