import type { Clock } from "../../core/ports/clock.port.ts";
import type { IdGenerator } from "../../core/ports/id-generator.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { EdgeMiddleware } from "./edge-state.ts";

/**
 * The outermost middleware: gives the request its `req_<ULID>` id (the `X-Request-Id` header), a logger
 * bound to it, and writes the one access-log line per request once the response is settled.
 * An incoming `X-Request-Id` is not trusted: ids must be ours to be unique and well-formed.
 */
export function requestIdMiddleware(deps: { ids: IdGenerator; clock: Clock; logger: Logger }): EdgeMiddleware {
  return async (ctx, next) => {
    const started = deps.clock.now();
    const requestId = deps.ids.next("req");
    const log = deps.logger.child({ request_id: requestId });
    ctx.state.requestId = requestId;
    ctx.state.log = log;
    ctx.set("X-Request-Id", requestId);
    try {
      await next();
    } finally {
      const params = (ctx as { params?: Record<string, string> }).params ?? {};
      const fields: Record<string, unknown> = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: deps.clock.now() - started,
      };
      if (params["campaign_id"]) fields["campaign_id"] = params["campaign_id"];
      if (params["run_id"]) fields["run_id"] = params["run_id"];
      if (params["group_id"]) fields["group_id"] = params["group_id"];
      log.info(fields, "request");
    }
  };
}
