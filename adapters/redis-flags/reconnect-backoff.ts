/** Longest wait between two reconnect attempts, so a recovered Redis is found again within about two seconds. */
export const DEFAULT_MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Milliseconds to wait before reconnect attempt `retries` (0 = first): 50 ms doubling per attempt, capped at
 * `maxDelayMs`, plus up to 10% jitter (`jitter01` in [0, 1)) so many workers do not reconnect in lock-step.
 * Always a number: the client never gives up (node-redis's own default gives up on a socket timeout).
 */
export function reconnectDelay(retries: number, maxDelayMs: number, jitter01: number): number {
  const base = Math.min(50 * 2 ** Math.min(retries, 16), maxDelayMs);
  return Math.round(base + base * 0.1 * jitter01);
}
