import { createHash, timingSafeEqual } from "node:crypto";
import type { EdgeMiddleware } from "./edge-state.ts";
import { problem } from "./errors.ts";
import { send } from "./respond.ts";

/** Paths that never need an `X-API-Key`: probes, metrics, the API document. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  "/healthz", "/readyz", "/metrics", "/openapi.json",
  "/v1/healthz", "/v1/readyz", "/v1/metrics", "/v1/openapi.json",
]);

/** Prefixes with their own guard instead of an API key (operator and provider calls). */
const SELF_GUARDED_PREFIXES = ["/v1/admin/", "/v1/delivery-reports/"];

/**
 * `X-API-Key` authentication, before anything else: a missing or unknown key is a 401 whatever the
 * path (so unknown routes do not reveal themselves to anonymous callers). Ownership (403/404) is the
 * service's answer, not ours.
 */
export function apiKeyAuth(apiKeys: ReadonlyMap<string, string>): EdgeMiddleware {
  return async (ctx, next) => {
    if (PUBLIC_PATHS.has(ctx.path) || SELF_GUARDED_PREFIXES.some((p) => ctx.path.startsWith(p))) {
      return next();
    }
    const key = ctx.get("X-API-Key");
    const workspaceId = key === "" ? undefined : apiKeys.get(key);
    if (workspaceId === undefined) {
      send(ctx, problem("UNAUTHORIZED", key === "" ? "Missing X-API-Key header" : "Invalid API key", "X-API-Key"));
      return;
    }
    ctx.state.actor = { workspace_id: workspaceId };
    ctx.state.apiKey = key;
    ctx.state.idempotencyScope = workspaceId;
    return next();
  };
}

/**
 * Guards the operator endpoint with `X-Admin-Key`. With no admin key configured the endpoint does not
 * exist (404), so a deployment that forgot to set one exposes nothing.
 */
export function adminGuard(adminKey: string | null): EdgeMiddleware {
  return async (ctx, next) => {
    if (adminKey === null) {
      send(ctx, problem("NOT_FOUND", `No route for ${ctx.method} ${ctx.path}`));
      return;
    }
    if (!sameSecret(ctx.get("X-Admin-Key"), adminKey)) {
      send(ctx, problem("UNAUTHORIZED", "Missing or invalid X-Admin-Key", "X-Admin-Key"));
      return;
    }
    ctx.state.idempotencyScope = "~admin";
    return next();
  };
}

/**
 * Guards the delivery-report webhook, which providers call without an API key. With a secret configured
 * the provider must send it as `X-Webhook-Secret`; with none the webhook is open (only for deployments
 * where the path is reachable by the provider's network alone).
 */
export function deliveryReportGuard(secret: string | null): EdgeMiddleware {
  return async (ctx, next) => {
    if (secret === null) {
      // Without a shared secret anyone could forge reports (and fail real messages): the webhook is off.
      send(ctx, problem("NOT_FOUND", "Delivery-report webhook is not enabled (set a delivery report secret)", null));
      return;
    }
    if (!sameSecret(ctx.get("X-Webhook-Secret"), secret)) {
      send(ctx, problem("UNAUTHORIZED", "Missing or invalid X-Webhook-Secret", "X-Webhook-Secret"));
      return;
    }
    ctx.state.idempotencyScope = `~provider:${(ctx as { params?: Record<string, string> }).params?.["provider"] ?? ""}`;
    return next();
  };
}

/** Constant-time comparison (hashing first so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  if (given === "") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
