/** The control signals the worker reads between provider calls. */
export interface RunFlags {
  readonly paused: boolean;
  readonly cancelled: boolean;
}

/**
 * Pause and cancel flags, per run. A pause stops only the runs it paused; a cancel is permanent.
 * Reads throw `StoreUnavailableError` when the backend cannot be reached: never "no flag".
 */
export interface FlagStore {
  setPaused(runIds: readonly string[]): Promise<void>;
  clearPaused(runIds: readonly string[]): Promise<void>;
  setCancelled(runIds: readonly string[]): Promise<void>;
  read(runId: string): Promise<RunFlags>;
}
