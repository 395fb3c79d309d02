import { afterEach, describe, expect, test } from "vitest";
import { ADMIN_KEY, CAMP, fakeService, startServer, type TestServer, WS_A, WS_B } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server?.close());

describe("X-API-Key", () => {
  test("a missing key is a 401 before anything else, even body checks", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", "/v1/campaign", { key: null, body: "{not json", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ success: false, data: null, errors: [{ code: "UNAUTHORIZED", field: "X-API-Key" }] });
    expect(fake.calls).toHaveLength(0);
  });

  test("an unknown key is a 401", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/validate`, { key: "nope" });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].code).toBe("UNAUTHORIZED");
  });

  test("unknown routes do not reveal themselves to anonymous callers", async () => {
    server = await startServer(fakeService().service);
    expect((await server.call("GET", "/v1/secret-admin-thing", { key: null })).status).toBe(401);
  });

  test("the key's workspace is the actor the service sees", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("GET", "/v1/balance", { key: "key-b" });
    expect(fake.calls[0]!.args[0]).toEqual({ workspace_id: WS_B });
  });

  test.each(["/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/healthz", "/v1/openapi.json"])(
    "%s needs no key",
    async (path) => {
      server = await startServer(fakeService().service);
      expect((await server.call("GET", path, { key: null })).status).toBe(200);
    },
  );
});

describe("operator endpoint", () => {
  const path = `/v1/admin/workspaces/${WS_A}/credit`;

  test("credits with the admin key and no API key", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", path, { key: null, headers: { "X-Admin-Key": ADMIN_KEY }, json: { units: 500, key: "topup-1" } });
    expect(res.status).toBe(200);
    expect(fake.calls[0]).toEqual({ method: "credit", args: [WS_A, 500, "topup-1"] });
  });

  test("a wrong or missing admin key is a 401", async () => {
    server = await startServer(fakeService().service);
    expect((await server.call("POST", path, { key: null, headers: { "X-Admin-Key": "guess" }, json: { units: 1, key: "k" } })).status).toBe(401);
    expect((await server.call("POST", path, { json: { units: 1, key: "k" } })).status).toBe(401);
  });

  test("with no admin key configured the endpoint does not exist", async () => {
    server = await startServer(fakeService().service, { adminKey: null });
    const res = await server.call("POST", path, { key: null, headers: { "X-Admin-Key": "" }, json: { units: 1, key: "k" } });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe("NOT_FOUND");
  });

  test("units must be a positive integer", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", path, { key: null, headers: { "X-Admin-Key": ADMIN_KEY }, json: { units: -5, key: "k" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("units");
  });
});

describe("delivery-report webhook", () => {
  const report = { provider_message_id: "pm-1", status: "DELIVERED" };

  test("is off (404) when no secret is configured: nobody can forge reports", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", "/v1/delivery-reports/simulated", { key: null, json: report });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe("NOT_FOUND");
    expect(fake.calls).toEqual([]);
  });

  test("needs no API key, only the secret", async () => {
    const fake = fakeService();
    server = await startServer(fake.service, { deliveryReportSecret: "s3cret" });
    const res = await server.call("POST", "/v1/delivery-reports/simulated", { key: null, json: report, headers: { "X-Webhook-Secret": "s3cret" } });
    expect(res.status).toBe(200);
    expect(fake.calls[0]).toEqual({ method: "deliveryReport", args: ["simulated", report] });
  });

  test("needs X-Webhook-Secret when a secret is configured", async () => {
    server = await startServer(fakeService().service, { deliveryReportSecret: "s3cret" });
    expect((await server.call("POST", "/v1/delivery-reports/simulated", { key: null, json: report })).status).toBe(401);
    const ok = await server.call("POST", "/v1/delivery-reports/simulated", { key: null, json: report, headers: { "X-Webhook-Secret": "s3cret" } });
    expect(ok.status).toBe(200);
  });

  test("a status other than DELIVERED or FAILED is a 400", async () => {
    server = await startServer(fakeService().service, { deliveryReportSecret: "s3cret" });
    const res = await server.call("POST", "/v1/delivery-reports/simulated", {
      key: null,
      json: { ...report, status: "SENT" },
      headers: { "X-Webhook-Secret": "s3cret" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("status");
  });
});
