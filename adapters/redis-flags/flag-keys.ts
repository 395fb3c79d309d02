/** Default namespace of every key this adapter writes, so a shared Redis can hold other data. */
export const DEFAULT_KEY_PREFIX = "kampeni:";

/**
 * Time to live of a pause flag: 30 days. Hygiene only, for flags nobody clears (a paused run that is then
 * cancelled keeps its pause flag). Far beyond any realistic pause, and harmless even then: the run store marks
 * the run `paused` and paused runs are never claimed, so the flag only matters in the moments between a pause
 * call and the worker stopping. Re-pausing restarts the clock.
 */
export const DEFAULT_PAUSE_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The Redis keys of one run's flags. */
export interface RunFlagKeys {
  readonly paused: string;
  readonly cancelled: string;
}

/**
 * One plain string key per flag (`<prefix>run:<run_id>:paused`, `<prefix>run:<run_id>:cancelled`), not one hash
 * per run: an expiry applies to a whole key, and the cancel flag must never expire while the pause flag may.
 * (Per-field hash expiry needs Redis 7.4.) Two keys still read in one round trip with MGET.
 */
export function runFlagKeys(prefix: string, runId: string): RunFlagKeys {
  const base = `${prefix}run:${runId}:`;
  return { paused: `${base}paused`, cancelled: `${base}cancelled` };
}
