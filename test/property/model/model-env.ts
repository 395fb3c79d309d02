import { createMemoryStores } from "../../../adapters/in-memory/index.ts";
import type { EngineModelOptions, ModelSetup } from "../../../testkit/index.ts";

/** `DEEP=1` (npm run test:deep) runs tens of thousands of sequences instead of a few hundred. */
export const DEEP = process.env.DEEP === "1";

/**
 * Replay and budget knobs from the environment: `MODEL_SEED`, `MODEL_PATH` and `MODEL_REPLAY_PATH` replay a
 * failure fast-check printed; `MODEL_RUNS` overrides the number of sequences.
 */
export function envOptions(runs: number, deepRuns: number): Pick<EngineModelOptions, "numRuns" | "seed" | "path" | "replayPath"> {
  const env = process.env;
  return {
    numRuns: env.MODEL_RUNS ? Number(env.MODEL_RUNS) : DEEP ? deepRuns : runs,
    ...(env.MODEL_SEED ? { seed: Number(env.MODEL_SEED) } : {}),
    ...(env.MODEL_PATH ? { path: env.MODEL_PATH } : {}),
    ...(env.MODEL_REPLAY_PATH ? { replayPath: env.MODEL_REPLAY_PATH } : {}),
  };
}

/** Fresh in-memory stores, including the flag store, whose outage the model can switch. */
export async function memorySetup(): Promise<ModelSetup> {
  const stores = createMemoryStores();
  return { deps: stores, controls: { setFlagsUp: (up) => void (stores.flags.availability.up = up) } };
}
