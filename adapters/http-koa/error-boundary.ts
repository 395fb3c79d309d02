import { StoreUnavailableError } from "../../core/domain/result.ts";
import type { EdgeMiddleware } from "./edge-state.ts";
import { INTERNAL_ERROR_REPLY, problem, type Reply, STORE_UNAVAILABLE_REPLY } from "./errors.ts";
import { send } from "./respond.ts";

/**
 * Turns whatever happens below into an enveloped response: an exception becomes a 500 (logged with the
 * request id, never shown) or a 503 when a store is down; a request no route answered (Koa's bare 404,
 * the router's 405/501) gets its envelope here too.
 */
export function errorBoundary(): EdgeMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const unavailable = err instanceof StoreUnavailableError;
      ctx.state.log[unavailable ? "warn" : "error"](
        { err: describe(err) },
        unavailable ? "store unavailable" : "unhandled error",
      );
      send(ctx, unavailable ? STORE_UNAVAILABLE_REPLY : INTERNAL_ERROR_REPLY);
      return;
    }
    if (isEmpty(ctx.body) && ctx.status !== 204 && ctx.status !== 304) {
      send(ctx, unanswered(ctx.status, ctx.method, ctx.path));
    }
  };
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || body === "";
}

function unanswered(status: number, method: string, path: string): Reply {
  switch (status) {
    case 405:
      return problem("METHOD_NOT_ALLOWED", `Method ${method} is not allowed on ${path}`);
    case 501:
      return problem("NOT_IMPLEMENTED", `Method ${method} is not implemented`);
    case 404:
      return problem("NOT_FOUND", `No route for ${method} ${path}`);
    default:
      // e.g. OPTIONS answered by the router with an Allow header and no body.
      return status < 400 ? { status, data: null, errors: null } : problem("INTERNAL_ERROR", "Internal server error");
  }
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err, value: String(err) };
}
