/** The HTTP edge: a Koa 3 app over `CampaignService` (see README.md for the wire decisions). */
export { createHttpApp, type HttpAppOptions } from "./create-http-app.ts";
/** Response envelope types, for clients written in TypeScript. */
export type { Envelope, ErrorCode, WireError } from "./envelope.ts";
/** Options of the per-key token bucket. */
export type { RateLimitOptions } from "./rate-limit.ts";
/** How long an `Idempotency-Key` replays. */
export { IDEMPOTENCY_TTL_MS } from "./idempotency.ts";
