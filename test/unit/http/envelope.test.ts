import { afterEach, describe, expect, test } from "vitest";
import { CAMP, fakeService, startServer, type TestServer } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server.close());

function expectEnvelope(body: any, requestId: string | null) {
  expect(Object.keys(body).sort()).toEqual(["data", "errors", "request_id", "success"]);
  expect(body.request_id).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
  expect(body.request_id).toBe(requestId);
}

describe("the response envelope", () => {
  test("a success carries data, errors null, and the request id also sent as X-Request-Id", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", `/v1/campaign/${CAMP}`);
    expect(res.status).toBe(200);
    expectEnvelope(res.body, res.headers.get("x-request-id"));
    expect(res.body.success).toBe(true);
    expect(res.body.errors).toBeNull();
    expect(res.body.data.campaign_id).toBe(CAMP);
  });

  test("every request gets its own request id", async () => {
    server = await startServer(fakeService().service);
    const a = await server.call("GET", "/v1/balance");
    const b = await server.call("GET", "/v1/balance");
    expect(a.body.request_id).not.toBe(b.body.request_id);
  });

  test("an unknown route is a 404 NOT_FOUND in the envelope", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expectEnvelope(res.body, res.headers.get("x-request-id"));
    expect(res.body).toMatchObject({ success: false, data: null, errors: [{ code: "NOT_FOUND", field: null }] });
  });

  test("a known path with the wrong method is a 405 in the envelope with an Allow header", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("DELETE", `/v1/campaign/${CAMP}/validate`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("POST");
    expectEnvelope(res.body, res.headers.get("x-request-id"));
    expect(res.body.errors[0].code).toBe("METHOD_NOT_ALLOWED");
  });

  test("creates answer 201 and everything else 200", async () => {
    server = await startServer(fakeService().service);
    expect((await server.call("POST", "/v1/campaign", { json: { name: "n", workspace_id: "ws_A" } })).status).toBe(201);
    expect((await server.call("POST", "/v1/groups", { json: { name: "g" } })).status).toBe(201);
    expect((await server.call("POST", `/v1/campaign/${CAMP}/runs`, { json: {} })).status).toBe(201);
    expect((await server.call("POST", `/v1/campaign/${CAMP}/launch`, { json: {} })).status).toBe(200);
  });

  test("validate answers 200 with the validation result even when the campaign is invalid", async () => {
    const invalid = { valid: false, issues: ["Audience is empty"], warnings: [], estimated_cost: {} };
    server = await startServer(fakeService({ validate: async () => ({ ok: true, value: invalid }) }).service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/validate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: invalid, errors: null });
  });

  test("each request writes one access-log line with request id, method, path, status, ms and path ids", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", `/v1/campaign/${CAMP}/runs`);
    const lines = server.logger.lines.filter((l) => l.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toEqual({
      request_id: res.body.request_id, method: "GET", path: `/v1/campaign/${CAMP}/runs`, status: 200, ms: 0,
      campaign_id: CAMP,
    });
  });
});
