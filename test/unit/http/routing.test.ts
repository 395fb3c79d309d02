import { afterEach, describe, expect, test } from "vitest";
import { CAMP, fakeService, GRP, RUN, startServer, type TestServer } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server?.close());

describe("path ids", () => {
  test.each([
    ["GET", "/v1/campaign/123"],
    ["GET", "/v1/campaign/run_01J00000000000000000000000"],
    ["POST", "/v1/campaign/camp_bad!id/validate"],
    ["GET", `/v1/campaign/${CAMP}/runs/camp_01J00000000000000000000000`],
    ["GET", "/v1/groups/camp_01J00000000000000000000000"],
    ["DELETE", `/v1/campaign/${CAMP}/audiences/not-a-group`],
    ["PUT", `/v1/campaign/${CAMP}/content/fax`],
  ])("%s %s: a malformed id is a 404 without calling the service", async (method, path) => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call(method, path, method === "PUT" ? { json: { body: "hi", sender_id: "ACME" } } : {});
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe("NOT_FOUND");
    expect(fake.calls).toHaveLength(0);
  });

  test("well-formed ids reach the service", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", `/v1/campaign/${CAMP}/runs/${RUN}/retry`);
    await server.call("DELETE", `/v1/campaign/${CAMP}/audiences/${GRP}`);
    expect(fake.calls.map((c) => [c.method, ...c.args.slice(1)])).toEqual([
      ["retry", CAMP, RUN],
      ["detachAudience", CAMP, GRP],
    ]);
  });
});

describe("pagination and query strings", () => {
  test("limit defaults to 50", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("GET", "/v1/campaign");
    expect(fake.calls[0]!.args[1]).toEqual({ cursor: null, limit: 50 });
  });

  test("cursor and limit pass through", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("GET", "/v1/campaign?cursor=abc&limit=1000");
    expect(fake.calls[0]!.args[1]).toEqual({ cursor: "abc", limit: 1000 });
  });

  test.each(["0", "1001", "ten", "2.5"])("limit=%s is a 400 on limit", async (limit) => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", `/v1/campaign?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("limit");
  });

  test("an unknown query parameter is a 400 naming it", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", `/v1/campaign/${CAMP}/report?verbose=1`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("verbose");
  });

  test("recipients filter by message status", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("GET", `/v1/campaign/${CAMP}/runs/${RUN}/recipients?status=FAILED&limit=10`);
    expect(fake.calls[0]!.args.slice(1)).toEqual([CAMP, RUN, { status: "FAILED", cursor: null, limit: 10 }]);
    const bad = await server.call("GET", `/v1/campaign/${CAMP}/runs/${RUN}/recipients?status=LOST`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("status");
  });
});

describe("launch", () => {
  test("run_id is optional and passed through", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", `/v1/campaign/${CAMP}/launch`, { json: { run_id: RUN } });
    await server.call("POST", `/v1/campaign/${CAMP}/launch`);
    expect(fake.calls.map((c) => c.args[2])).toEqual([{ run_id: RUN }, { run_id: null }]);
  });
});

describe("rate limit", () => {
  test("is off by default", async () => {
    server = await startServer(fakeService().service);
    for (let i = 0; i < 30; i++) expect((await server.call("GET", "/v1/balance")).status).toBe(200);
  });

  test("a key over its bucket gets 429 with Retry-After, and tokens come back with time", async () => {
    server = await startServer(fakeService().service, { rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    expect((await server.call("GET", "/v1/balance")).status).toBe(200);
    expect((await server.call("GET", "/v1/balance")).status).toBe(200);
    const limited = await server.call("GET", "/v1/balance");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body.errors[0].code).toBe("RATE_LIMITED");
    expect((await server.call("GET", "/v1/balance", { key: "key-b" })).status).toBe(200);
    server.clock.advance(2000);
    expect((await server.call("GET", "/v1/balance")).status).toBe(200);
  });
});

describe("operational endpoints", () => {
  test("healthz answers ok in the envelope", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", "/healthz", { key: null });
    expect(res.body).toMatchObject({ success: true, data: { status: "ok" } });
  });

  test("readyz is 503 with the checks when a store is down", async () => {
    server = await startServer(fakeService().service, { readiness: async () => ({ ready: false, checks: { redis: "down" } }) });
    const res = await server.call("GET", "/readyz", { key: null });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ success: false, data: { ready: false, checks: { redis: "down" } }, errors: [{ code: "SERVICE_UNAVAILABLE" }] });
  });

  test("readyz is 503 when the readiness check itself throws", async () => {
    server = await startServer(fakeService().service, { readiness: async () => Promise.reject(new Error("x")) });
    expect((await server.call("GET", "/readyz", { key: null })).status).toBe(503);
  });

  test("metrics is Prometheus text, not enveloped", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("GET", "/metrics", { key: null });
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.body).toBe("# TYPE kampeni_up gauge\nkampeni_up 1\n");
  });
});
