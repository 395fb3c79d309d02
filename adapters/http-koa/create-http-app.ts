import Router from "@koa/router";
import Koa from "koa";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { IdGenerator } from "../../core/ports/id-generator.port.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { CampaignService } from "../../core/service.types.ts";
import { adminGuard, apiKeyAuth, deliveryReportGuard } from "./auth.ts";
import { DEFAULT_IMPORT_LIMIT, DEFAULT_JSON_LIMIT } from "./body.ts";
import type { EdgeState } from "./edge-state.ts";
import { errorBoundary } from "./error-boundary.ts";
import { IdempotencyGuard } from "./idempotency.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";
import { requestIdMiddleware } from "./request-id.ts";
import type { AnyRoute } from "./route-def.ts";
import { runRoute } from "./route-runner.ts";
import { billingRoutes } from "./routes/billing.routes.ts";
import { buildingRoutes } from "./routes/building.routes.ts";
import { campaignRoutes } from "./routes/campaign.routes.ts";
import { groupRoutes } from "./routes/group.routes.ts";
import { launchControlRoutes } from "./routes/launch-control.routes.ts";
import { observabilityRoutes } from "./routes/observability.routes.ts";
import { opsRoutes } from "./routes/ops.routes.ts";

/** Everything the HTTP edge needs; nothing is read from the environment here. */
export interface HttpAppOptions {
  readonly service: CampaignService;
  /** API key → workspace id. */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** Guards `POST /v1/admin/…` (header `X-Admin-Key`); null disables the operator endpoint (404). */
  readonly adminKey: string | null;
  /** When set, delivery-report webhooks must carry it as `X-Webhook-Secret`; null leaves them open. */
  readonly deliveryReportSecret?: string | null;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  /** Source of `req_…` ids. */
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
  /** Prometheus text exposition. */
  readonly metrics: () => Promise<string>;
  /** Body limit of contact imports and suppressions (JSON or CSV); default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** Body limit of every other JSON body; default 1 MiB. */
  readonly maxJsonBytes?: number;
  /** Region (ISO 3166 alpha-2) for numbers without a country code when a request names none. */
  readonly defaultRegion: string;
  /** Per-API-key token bucket; null or absent means no limit. */
  readonly rateLimit?: RateLimitOptions | null;
  /** The `info.version` of the OpenAPI document. */
  readonly version?: string;
}

/**
 * The Koa 3 application serving the API: request id and access log, error envelope, API-key auth,
 * rate limit, then the routes, each validated against its zod schemas (which also generate
 * `/openapi.json`). Build the server with `http.createServer(app.callback())`.
 */
export function createHttpApp(options: HttpAppOptions): Koa<EdgeState> {
  const deps = { service: options.service, defaultRegion: options.defaultRegion, workspaces: new Set(options.apiKeys.values()) };
  let document: object | null = null;
  const routes: AnyRoute[] = [
    ...campaignRoutes(deps),
    ...groupRoutes(deps),
    ...buildingRoutes(deps),
    ...launchControlRoutes(deps),
    ...observabilityRoutes(deps),
    ...billingRoutes(deps),
    ...opsRoutes({
      readiness: options.readiness,
      metrics: options.metrics,
      document: () => (document ??= buildOpenApiDocument(routes, { title: "Kampeni API", version: options.version ?? "0.1.0" })),
    }),
  ];

  const idempotency = new IdempotencyGuard(options.idempotency, options.clock);
  const limits = { json: options.maxJsonBytes ?? DEFAULT_JSON_LIMIT, import: options.maxBodyBytes ?? DEFAULT_IMPORT_LIMIT };
  const guards = {
    admin: adminGuard(options.adminKey),
    provider: deliveryReportGuard(options.deliveryReportSecret ?? null),
  };
  const router = new Router<EdgeState>({ methods: ["HEAD", "OPTIONS", "GET", "POST", "PUT", "PATCH", "DELETE"] });
  for (const route of routes) {
    const handler = runRoute(route, limits, idempotency);
    const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
    if (route.guard === "admin" || route.guard === "provider") {
      router[method](route.path, guards[route.guard], handler);
    } else {
      router[method](route.path, handler);
    }
  }

  const app = new Koa<EdgeState>();
  // Errors are enveloped and logged by the error boundary; Koa's own stderr printing stays off.
  app.silent = true;
  app.on("error", (err: unknown) => options.logger.error({ err: String(err) }, "koa error"));
  app.use(requestIdMiddleware(options));
  app.use(errorBoundary());
  app.use(apiKeyAuth(options.apiKeys));
  if (options.rateLimit) app.use(rateLimit(options.rateLimit, options.clock));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
