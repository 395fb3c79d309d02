import { afterEach, describe, expect, test } from "vitest";
import { conflict, forbidden, invalid, notFound, StoreUnavailableError } from "../../../core/domain/result.ts";
import { failureReply } from "../../../adapters/http-koa/errors.ts";
import { CAMP, fakeService, RUN, startServer, type TestServer } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server?.close());

describe("service failures mapped to HTTP", () => {
  test.each([
    ["invalid", invalid("bad run", "run_id"), 400, "VALIDATION_FAILED", "run_id"],
    ["not_found", notFound("No such campaign"), 404, "NOT_FOUND", null],
    ["forbidden", forbidden("Not your campaign"), 403, "FORBIDDEN", null],
    ["conflict", conflict("Campaign is cancelled"), 409, "CONFLICT", null],
  ] as const)("%s becomes %i %s", (_kind, result, status, code, field) => {
    if (result.ok) throw new Error("expected a failure");
    expect(failureReply(result.error)).toEqual({
      status, data: null, errors: [{ code, message: result.error.message, field }],
    });
  });

  test("a conflict carrying data is the seed's dual envelope", async () => {
    const validation = { valid: false, issues: ["Audience is empty"], warnings: [], estimated_cost: {} };
    server = await startServer(fakeService({ launch: async () => conflict("Validation failed", validation) }).service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/launch`, { json: {} });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      data: validation,
      errors: [{ code: "CONFLICT", message: "Validation failed", field: null }],
      request_id: res.headers.get("x-request-id"),
    });
  });

  test("a conflict without data has data null", async () => {
    server = await startServer(fakeService({ resume: async () => conflict("Campaign is cancelled") }).service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/resume`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ success: false, data: null, errors: [{ code: "CONFLICT", message: "Campaign is cancelled" }] });
  });
});

describe("exceptions", () => {
  test("an unexpected exception is a 500 without stack or message, logged with the request id", async () => {
    server = await startServer(fakeService({
      getRun: async () => {
        throw new Error("secret connection string mongodb://u:p@host");
      },
    }).service);
    const res = await server.call("GET", `/v1/campaign/${CAMP}/runs/${RUN}`);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, data: null, errors: [{ code: "INTERNAL_ERROR", message: "Internal server error", field: null }] });
    expect(JSON.stringify(res.body)).not.toContain("secret");
    expect(JSON.stringify(res.body)).not.toContain("at ");
    const logged = server.logger.lines.find((l) => l.level === "error");
    expect(logged?.fields["request_id"]).toBe(res.body.request_id);
    expect(JSON.stringify(logged?.fields["err"])).toContain("secret connection string");
  });

  test("a store that is down is a 503 SERVICE_UNAVAILABLE with Retry-After", async () => {
    server = await startServer(fakeService({
      status: async () => {
        throw new StoreUnavailableError("run store");
      },
    }).service);
    const res = await server.call("GET", `/v1/campaign/${CAMP}/status`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.errors).toEqual([{ code: "SERVICE_UNAVAILABLE", message: expect.any(String), field: null }]);
    expect(res.body.errors[0].message).not.toContain("run store");
  });

  test("the server keeps answering after a 500", async () => {
    let boom = true;
    server = await startServer(fakeService({
      balance: async (a) => {
        if (boom) throw new TypeError("x is undefined");
        return { ok: true, value: { workspace_id: a.workspace_id, balance: 1 } };
      },
    }).service);
    expect((await server.call("GET", "/v1/balance")).status).toBe(500);
    boom = false;
    expect((await server.call("GET", "/v1/balance")).status).toBe(200);
  });
});
