import type { Clock } from "../../core/ports/clock.port.ts";
import type { EdgeMiddleware } from "./edge-state.ts";
import { problem } from "./errors.ts";
import { send } from "./respond.ts";

/** Token bucket per API key: `capacity` requests in a burst, refilled at `refillPerSecond`. */
export interface RateLimitOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-key token bucket, in process memory (one bucket per configured key, so bounded). A request with no
 * tokens left gets 429 with `Retry-After` in whole seconds until the next token. Anonymous calls (probes,
 * webhooks) are not limited here.
 */
export function rateLimit(options: RateLimitOptions, clock: Clock): EdgeMiddleware {
  const buckets = new Map<string, Bucket>();
  return async (ctx, next) => {
    const key = ctx.state.apiKey;
    if (key === undefined) return next();
    const now = clock.now();
    const bucket = buckets.get(key) ?? { tokens: options.capacity, at: now };
    bucket.tokens = Math.min(options.capacity, bucket.tokens + ((now - bucket.at) / 1000) * options.refillPerSecond);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / options.refillPerSecond));
      send(ctx, problem("RATE_LIMITED", "Too many requests for this API key", null, { "Retry-After": String(wait) }));
      return;
    }
    bucket.tokens -= 1;
    return next();
  };
}
