import { z } from "zod";
import { wireError } from "../envelope.ts";
import { okReply, type Reply } from "../errors.ts";
import { type AnyRoute, defineRoute } from "../route-def.ts";

/** What the operational endpoints read. */
export interface OpsDeps {
  readonly readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
  readonly metrics: () => Promise<string>;
  /** The OpenAPI document (built lazily from every route, this module's included). */
  readonly document: () => object;
}

const Readiness = z.object({ ready: z.boolean(), checks: z.record(z.string(), z.string()) });

/**
 * Probes, metrics and the API document. They need no key and are served both at the root (where probes
 * and scrapers look) and under `/v1`.
 */
export function opsRoutes(deps: OpsDeps): AnyRoute[] {
  return ["", "/v1"].flatMap((base) => {
    const suffix = base === "" ? "" : "V1";
    return [
      defineRoute({
        method: "GET", path: `${base}/healthz`, operationId: `healthz${suffix}`, tag: "operations", guard: "public",
        summary: "Liveness: the process answers", success: 200, response: z.object({ status: z.literal("ok") }),
        errors: [],
        handle: async () => okReply({ status: "ok" }),
      }),
      defineRoute({
        method: "GET", path: `${base}/readyz`, operationId: `readyz${suffix}`, tag: "operations", guard: "public",
        summary: "Readiness: the stores answer (503 with the failing checks otherwise)", success: 200,
        response: Readiness, errors: [503],
        handle: () => readiness(deps),
      }),
      defineRoute({
        method: "GET", path: `${base}/metrics`, operationId: `metrics${suffix}`, tag: "operations", guard: "public",
        summary: "Prometheus text exposition (not enveloped)", success: 200, errors: [],
        raw: { contentType: "text/plain; version=0.0.4; charset=utf-8" },
        handle: async () => okReply(await deps.metrics()),
      }),
      defineRoute({
        method: "GET", path: `${base}/openapi.json`, operationId: `openapi${suffix}`, tag: "operations",
        guard: "public", summary: "This document, OpenAPI 3.1 (not enveloped)", success: 200, errors: [],
        raw: { contentType: "application/json" },
        handle: async () => okReply(deps.document()),
      }),
    ];
  });
}

async function readiness(deps: OpsDeps): Promise<Reply> {
  let result: { ready: boolean; checks: Record<string, string> };
  try {
    result = await deps.readiness();
  } catch {
    result = { ready: false, checks: { readiness: "error" } };
  }
  if (result.ready) return okReply(result);
  return {
    status: 503,
    data: result,
    errors: [wireError("SERVICE_UNAVAILABLE", "Not ready: a backing store does not answer", null)],
  };
}
