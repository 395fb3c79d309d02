import { z } from "zod";
import { ERROR_STATUS } from "./envelope.ts";
import type { AnyRoute } from "./route-def.ts";

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 400: "VALIDATION_FAILED", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
  409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE", 429: "RATE_LIMITED",
  500: "INTERNAL_ERROR", 503: "SERVICE_UNAVAILABLE",
};

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (the single source of validation):
 * every route with its parameters, request body, success envelope and error envelopes.
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, "{$1}");
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description: "Every response (except /metrics and /openapi.json) uses the envelope " +
        "{success, data, errors, request_id}; the request id is also the X-Request-Id header.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { WireError: wireErrorSchema(), ErrorEnvelope: errorEnvelopeSchema() },
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        AdminKey: { type: "apiKey", in: "header", name: "X-Admin-Key" },
        WebhookSecret: { type: "apiKey", in: "header", name: "X-Webhook-Secret" },
      },
    },
  };
}

function operation(route: AnyRoute): Json {
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: security(route),
    parameters: [...pathParameters(route), ...queryParameters(route), ...headerParameters(route)],
    responses: responses(route),
  };
  const body = requestBody(route);
  if (body) op["requestBody"] = body;
  return op;
}

function security(route: AnyRoute): Json[] {
  switch (route.guard) {
    case "api-key": return [{ ApiKey: [] }];
    case "admin": return [{ AdminKey: [] }];
    case "provider": return [{ WebhookSecret: [] }, {}];
    case "public": return [];
  }
}

function pathParameters(route: AnyRoute): Json[] {
  return Object.entries(route.params ?? {}).map(([name, schema]) => ({
    name, in: "path", required: true, schema: jsonSchema(schema),
  }));
}

function queryParameters(route: AnyRoute): Json[] {
  if (!route.query) return [];
  const schema = jsonSchema(route.query);
  const properties = (schema["properties"] ?? {}) as Record<string, Json>;
  const required = new Set((schema["required"] ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({ name, in: "query", required: required.has(name), schema: s }));
}

function headerParameters(route: AnyRoute): Json[] {
  if (route.method !== "POST") return [];
  return [{
    name: "Idempotency-Key", in: "header", required: false,
    description: "Replays the first response for 24 h; the same key with another request is a 409",
    schema: { type: "string", minLength: 1, maxLength: 255 },
  }];
}

function requestBody(route: AnyRoute): Json | null {
  if (route.method === "GET" || route.method === "DELETE" || !route.body) return null;
  const schema = jsonSchema(route.body);
  const content: Json = { "application/json": { schema } };
  if (route.csv) content["text/csv"] = { schema: { type: "string", description: "header row: phone,name,<attributes>..." } };
  // Bodies with no required field (actions, launch, a one-shot run) may be sent empty.
  const required = Array.isArray(schema["required"]) && schema["required"].length > 0;
  return { required, content };
}

function responses(route: AnyRoute): Json {
  const out: Json = {};
  if (route.raw) {
    const mediaType = route.raw.contentType.split(";")[0] ?? route.raw.contentType;
    const schema = mediaType.endsWith("json") ? { type: "object" } : { type: "string" };
    out[String(route.success)] = { description: "OK", content: { [mediaType]: { schema } } };
  } else {
    out[String(route.success)] = {
      description: STATUS_TEXT[route.success],
      content: { "application/json": { schema: successEnvelope(route.response ? jsonSchema(route.response) : {}) } },
    };
  }
  const statuses = new Set<number>([...route.errors, 500]);
  if (route.guard !== "public") statuses.add(401);
  if (route.guard === "api-key") statuses.add(429);
  if (route.guard !== "public" || route.errors.includes(503)) statuses.add(503);
  if (route.method === "POST" && route.guard !== "public") {
    statuses.add(409);
    statuses.add(413);
    statuses.add(415);
  }
  for (const status of [...statuses].sort((a, b) => a - b)) {
    out[String(status)] = {
      description: STATUS_TEXT[status] ?? "Error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
    };
  }
  return out;
}

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

function successEnvelope(data: Json): Json {
  return {
    type: "object",
    required: ["success", "data", "errors", "request_id"],
    properties: {
      success: { const: true }, data, errors: { type: "null" }, request_id: { type: "string", pattern: "^req_" },
    },
  };
}

function wireErrorSchema(): Json {
  return {
    type: "object",
    required: ["code", "message", "field"],
    properties: {
      code: { enum: Object.keys(ERROR_STATUS) },
      message: { type: "string" },
      field: { type: ["string", "null"], description: "dot path of the culprit, e.g. contacts.3.phone" },
    },
  };
}

function errorEnvelopeSchema(): Json {
  return {
    type: "object",
    required: ["success", "data", "errors", "request_id"],
    properties: {
      success: { const: false },
      data: { description: "null, except launch's 409 validation failure, which carries the validation result" },
      errors: { type: "array", items: { $ref: "#/components/schemas/WireError" } },
      request_id: { type: "string", pattern: "^req_" },
    },
  };
}
