import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeService, startServer, type TestServer } from "./http-test-kit.ts";

const ROUTES = [
  "POST /v1/campaign", "GET /v1/campaign", "GET /v1/campaign/{campaign_id}", "PATCH /v1/campaign/{campaign_id}",
  "POST /v1/groups", "GET /v1/groups/{group_id}", "POST /v1/groups/{group_id}/contacts", "POST /v1/suppressions",
  "POST /v1/campaign/{campaign_id}/audiences", "DELETE /v1/campaign/{campaign_id}/audiences/{group_id}",
  "PUT /v1/campaign/{campaign_id}/content/{channel}", "POST /v1/campaign/{campaign_id}/runs",
  "PATCH /v1/campaign/{campaign_id}/runs/{run_id}",
  "POST /v1/campaign/{campaign_id}/validate", "POST /v1/campaign/{campaign_id}/launch",
  "POST /v1/campaign/{campaign_id}/pause", "POST /v1/campaign/{campaign_id}/resume",
  "POST /v1/campaign/{campaign_id}/cancel", "POST /v1/campaign/{campaign_id}/runs/{run_id}/retry",
  "GET /v1/campaign/{campaign_id}/status", "GET /v1/campaign/{campaign_id}/runs",
  "GET /v1/campaign/{campaign_id}/runs/{run_id}", "GET /v1/campaign/{campaign_id}/runs/{run_id}/recipients",
  "GET /v1/campaign/{campaign_id}/report", "GET /v1/balance", "POST /v1/admin/workspaces/{workspace_id}/credit",
  "POST /v1/delivery-reports/{provider}", "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json",
];

let server: TestServer;
let doc: any;
beforeAll(async () => {
  server = await startServer(fakeService().service);
  doc = (await server.call("GET", "/openapi.json", { key: null })).body;
});
afterAll(async () => server.close());

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, method, path, op })));

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 and lists every route of the API", () => {
    expect(doc.openapi).toBe("3.1.0");
    const ids = operations().map((o) => o.id);
    for (const route of ROUTES) expect(ids).toContain(route);
  });

  test("every documented operation is routed", async () => {
    // Each documented operation is routed: calling it never yields the router's "no route" 404/405.
    for (const { method, path, op } of operations()) {
      const concrete = path.replace("{campaign_id}", "camp_X").replace("{run_id}", "run_X").replace("{group_id}", "grp_X")
        .replace("{channel}", "sms").replace("{workspace_id}", "ws_A").replace("{provider}", "sim");
      const res = await server.call(method.toUpperCase(), concrete, { headers: { "X-Admin-Key": "admin-secret" } });
      expect(res.status, `${op.operationId}`).not.toBe(405);
      if (res.status === 404) expect(res.body.errors[0].message).not.toMatch(/^No route/);
    }
  });

  test("operation ids are unique", () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("every body-taking route documents its JSON request schema, strict", () => {
    for (const { method, op, id } of operations()) {
      if (!["post", "put", "patch"].includes(method)) continue;
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      expect(schema, id).toBeDefined();
      const branches = schema.anyOf ?? [schema];
      for (const b of branches) expect(b.additionalProperties, id).toBe(false);
    }
  });

  test("the contact import documents text/csv too", () => {
    expect(doc.paths["/v1/groups/{group_id}/contacts"].post.requestBody.content["text/csv"]).toBeDefined();
  });

  test("times are documented as date-time strings and ids by their prefix", () => {
    const run = doc.paths["/v1/campaign/{campaign_id}/runs"].post;
    const oneShot = run.requestBody.content["application/json"].schema.anyOf[0];
    expect(oneShot.properties.scheduled_at.anyOf[0]).toMatchObject({ type: "string", format: "date-time" });
    const idParam = run.parameters.find((p: any) => p.name === "campaign_id");
    expect(idParam).toMatchObject({ in: "path", required: true, schema: { type: "string", pattern: "^camp_[0-9A-Za-z]{1,64}$" } });
  });

  test("success responses are the envelope around data; errors reference the error envelope", () => {
    const validate = doc.paths["/v1/campaign/{campaign_id}/validate"].post;
    const ok = validate.responses["200"].content["application/json"].schema;
    expect(ok.required).toEqual(["success", "data", "errors", "request_id"]);
    expect(ok.properties.data.properties.valid).toEqual({ type: "boolean" });
    for (const status of ["401", "403", "404", "500"]) {
      expect(validate.responses[status].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorEnvelope" });
    }
    expect(doc.components.schemas.WireError.properties.code.enum).toContain("VALIDATION_FAILED");
  });

  test("POST operations document Idempotency-Key and keyed routes the API key", () => {
    const launch = doc.paths["/v1/campaign/{campaign_id}/launch"].post;
    expect(launch.parameters.map((p: any) => p.name)).toContain("Idempotency-Key");
    expect(launch.security).toEqual([{ ApiKey: [] }]);
    expect(launch.responses["409"]).toBeDefined();
    expect(doc.components.securitySchemes.ApiKey).toEqual({ type: "apiKey", in: "header", name: "X-API-Key" });
  });

  test("pagination documents limit 1..1000 default 50", () => {
    const limit = doc.paths["/v1/campaign"].get.parameters.find((p: any) => p.name === "limit");
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 1000, default: 50 });
  });
});
