/**
 * The model-based property harness: the whole engine as a state machine under fast-check. Run it against your
 * own store adapters to check "never twice, never lost, never stuck" end to end:
 *
 * ```ts
 * import { OPEN_FINDINGS, runEngineModel } from "kampeni/testkit";
 * await runEngineModel({
 *   makeDeps: async () => ({ deps: { ...myStores(), flags: myFlags }, controls: { setFlagsUp: (up) => cut(!up) } }),
 *   knownIssues: OPEN_FINDINGS, // until the core fixes them
 *   numRuns: 200,
 * });
 * ```
 * A failure throws fast-check's report: the shrunk command sequence, seed, path and replayPath. Pass them back
 * as `seed`, `path` and `replayPath` to replay it, or replay the printed commands with `replayEngineModel`.
 * @module
 */
export { replayEngineModel, runEngineModel, STEPS } from "./run-engine-model.ts";
export { formatCoverage } from "./coverage.ts";
export { InvariantViolation } from "./invariants.ts";
export * as invariants from "./invariants.ts";
export { CALL_FAULTS, type CallFault } from "./probe-gateway.ts";
export { intercept } from "./tracking.ts";
export * from "./findings.ts";
export { PHONES } from "./phones.ts";
export { ACTOR, INITIAL_CREDIT, WORKSPACE } from "./world.ts";
export type { EngineModelOptions, ModelControls, ModelCoverage, ModelSetup, ModelStores } from "./types.ts";
export { MODEL_CONFIG } from "./types.ts";
