import { afterEach, describe, expect, test } from "vitest";
import { ok } from "../../../core/domain/result.ts";
import { ManualClock } from "../../../adapters/in-memory/manual-clock.ts";
import { MemoryIdempotencyStore } from "../../../adapters/in-memory/memory-idempotency-store.ts";
import { okReply } from "../../../adapters/http-koa/errors.ts";
import { IdempotencyGuard } from "../../../adapters/http-koa/idempotency.ts";
import { CAMP, campaignView, fakeService, startServer, type TestServer } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server?.close());

const create = { name: "Spring", workspace_id: "ws_A" };
const keyed = (key: string, json: unknown, apiKey = "key-a") => ({ key: apiKey, json, headers: { "Idempotency-Key": key } });

describe("Idempotency-Key", () => {
  test("the same key and body replays the first response without calling the service again", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const first = await server.call("POST", "/v1/campaign", keyed("k1", create));
    const second = await server.call("POST", "/v1/campaign", keyed("k1", create));
    expect(fake.calls).toHaveLength(1);
    expect(second.status).toBe(201);
    expect({ ...second.body, request_id: null }).toEqual({ ...first.body, request_id: null });
    // Decision: the replay carries its own request id; the first one is named in a header.
    expect(second.body.request_id).toBe(second.headers.get("x-request-id"));
    expect(second.body.request_id).not.toBe(first.body.request_id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("idempotent-replayed-request-id")).toBe(first.body.request_id);
  });

  test("the same key with a different body is a 409", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", "/v1/campaign", keyed("k1", create));
    const res = await server.call("POST", "/v1/campaign", keyed("k1", { ...create, name: "Autumn" }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ code: "CONFLICT", message: expect.any(String), field: "Idempotency-Key" }]);
    expect(fake.calls).toHaveLength(1);
  });

  test("the same key on another path is a 409", async () => {
    server = await startServer(fakeService().service);
    await server.call("POST", `/v1/campaign/${CAMP}/pause`, keyed("k1", {}));
    expect((await server.call("POST", `/v1/campaign/${CAMP}/resume`, keyed("k1", {}))).status).toBe(409);
  });

  test("keys are scoped per workspace", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", "/v1/campaign", keyed("k1", create));
    const other = await server.call("POST", "/v1/campaign", keyed("k1", { ...create, workspace_id: "ws_B" }, "key-b"));
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(fake.calls).toHaveLength(2);
  });

  test("an error response below 500 is replayed too", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const first = await server.call("POST", "/v1/campaign", keyed("k1", { name: "" }));
    const second = await server.call("POST", "/v1/campaign", keyed("k1", { name: "" }));
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  test("a 5xx is not stored, so a retry with the same key executes", async () => {
    let fail = true;
    const fake = fakeService({
      createCampaign: async () => {
        if (fail) throw new Error("boom");
        return ok(campaignView());
      },
    });
    server = await startServer(fake.service);
    expect((await server.call("POST", "/v1/campaign", keyed("k1", create))).status).toBe(500);
    fail = false;
    const retry = await server.call("POST", "/v1/campaign", keyed("k1", create));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  test("a record older than 24 hours no longer replays", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", "/v1/campaign", keyed("k1", create));
    server.clock.advance(24 * 60 * 60 * 1000 + 1);
    const later = await server.call("POST", "/v1/campaign", keyed("k1", { ...create, name: "Other" }));
    expect(later.status).toBe(201);
    expect(fake.calls).toHaveLength(2);
  });

  test("concurrent duplicates execute once: the second waits for the first and replays it", async () => {
    const clock = new ManualClock();
    const guard = new IdempotencyGuard(new MemoryIdempotencyStore(), clock);
    const request = { scope: "ws_A", key: "k1", method: "POST", url: "/v1/campaign", contentType: "application/json", body: new Uint8Array([1]) };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let executions = 0;
    const execute = async () => {
      executions += 1;
      await gate;
      return okReply({ n: executions }, 201);
    };
    const first = guard.run(request, "req_1", execute);
    const second = guard.run(request, "req_2", execute);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(executions).toBe(1);
    expect(a).toEqual({ status: 201, envelope: { success: true, data: { n: 1 }, errors: null, request_id: "req_1" }, headers: {} });
    expect(b.status).toBe(201);
    expect(b.envelope).toEqual({ ...a.envelope, request_id: "req_2" });
    expect(b.headers).toEqual({ "Idempotent-Replayed": "true", "Idempotent-Replayed-Request-Id": "req_1" });
  });

  test("without the header every POST executes", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", "/v1/campaign", { json: create });
    await server.call("POST", "/v1/campaign", { json: create });
    expect(fake.calls).toHaveLength(2);
  });

  test("an over-long key is a 400 naming the header", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/campaign", keyed("k".repeat(256), create));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("Idempotency-Key");
  });

  test("an idempotency store that is down is a 503, not a silent double execution", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    server.idempotency.availability.up = false;
    const res = await server.call("POST", "/v1/campaign", keyed("k1", create));
    expect(res.status).toBe(503);
    expect(fake.calls).toHaveLength(0);
  });
});
