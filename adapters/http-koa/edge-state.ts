import type { Context, Middleware } from "koa";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { Actor } from "../../core/service.types.ts";

/** What the edge middlewares leave on `ctx.state` for the ones after them. */
export interface EdgeState {
  /** `req_<ULID>`, also the `X-Request-Id` header and the envelope's `request_id`. */
  requestId: string;
  /** A logger bound to this request's id. */
  log: Logger;
  /** The workspace behind the `X-API-Key`, once authenticated. */
  actor?: Actor;
  /** The API key itself (the rate limiter's bucket). */
  apiKey?: string;
  /** Whose idempotency keys these are: the workspace, or a fixed scope for operator and provider calls. */
  idempotencyScope?: string;
}

/** A Koa middleware over {@link EdgeState}. */
export type EdgeMiddleware = Middleware<EdgeState>;

/** Reads the edge state of a context (set by the request-id middleware, which runs first). */
export function edgeState(ctx: Context): EdgeState {
  return ctx.state as EdgeState;
}
