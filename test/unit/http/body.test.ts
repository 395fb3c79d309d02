import { afterEach, describe, expect, test } from "vitest";
import { CAMP, fakeService, GRP, RUN, startServer, type TestServer } from "./http-test-kit.ts";

let server: TestServer;
afterEach(async () => server?.close());

describe("bad bodies are 4xx naming the culprit, never 500", () => {
  test("malformed JSON is a 400 on field body", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", "/v1/campaign", { body: '{"name": "x",', headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ code: "VALIDATION_FAILED", message: expect.stringMatching(/^Malformed JSON/), field: "body" }]);
    expect(fake.calls).toHaveLength(0);
  });

  test("a wrong type names the field", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/campaign", { json: { name: 42, workspace_id: "ws_A" } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ code: "VALIDATION_FAILED", message: expect.any(String), field: "name" }]);
  });

  test("an unknown field is refused and named", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/campaign", { json: { name: "n", workspace_id: "ws_A", colour: "red" } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ code: "VALIDATION_FAILED", message: "Unknown field 'colour'", field: "colour" }]);
  });

  test("a bad contact deep in the list is named by its dot path", async () => {
    server = await startServer(fakeService().service);
    const contacts = [{ phone: "1" }, { phone: "2" }, { phone: "3" }, { phone: 4 }, { phone: "5", nickname: "x" }];
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts`, { json: { contacts } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field)).toEqual(["contacts.3.phone", "contacts.4.nickname"]);
  });

  test("a body that is not an object is a 400", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/groups", { json: ["g"] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe("VALIDATION_FAILED");
  });

  test("a declared body over the limit is a 413 on field body", async () => {
    const fake = fakeService();
    server = await startServer(fake.service, { maxJsonBytes: 100 });
    const res = await server.call("POST", "/v1/groups", { json: { name: "x".repeat(200) } });
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual([{ code: "PAYLOAD_TOO_LARGE", message: expect.any(String), field: "body" }]);
    expect(fake.calls).toHaveLength(0);
  });

  test("a streamed body without Content-Length is counted and refused past the limit", async () => {
    server = await startServer(fakeService().service, { maxJsonBytes: 1000 });
    const chunk = new TextEncoder().encode("x".repeat(600));
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(chunk);
        c.enqueue(chunk);
        c.close();
      },
    });
    const res = await fetch(`${server.url}/v1/groups`, {
      method: "POST", body: stream, duplex: "half", headers: { "X-API-Key": "key-a", "Content-Type": "application/json" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("the contact import has its own larger limit", async () => {
    server = await startServer(fakeService().service, { maxJsonBytes: 100, maxBodyBytes: 10_000 });
    const contacts = Array.from({ length: 20 }, (_, i) => ({ phone: `+2557000000${String(i).padStart(2, "0")}` }));
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts`, { json: { contacts } });
    expect(res.status).toBe(200);
    expect(res.body.data.received).toBe(20);
  });

  test("an unsupported Content-Type is a 415", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/groups", { body: "name=g", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    expect(res.body.errors).toEqual([{ code: "UNSUPPORTED_MEDIA_TYPE", message: expect.any(String), field: "Content-Type" }]);
  });

  test("CSV is refused where only JSON is accepted", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/suppressions", { body: "phone\n+255700000001\n", headers: { "Content-Type": "text/csv" } });
    expect(res.status).toBe(415);
  });

  test("a compressed body is a 415 on Content-Encoding", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/groups", { body: "xx", headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" } });
    expect(res.status).toBe(415);
    expect(res.body.errors[0].field).toBe("Content-Encoding");
  });

  test("invalid UTF-8 is a 400", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", "/v1/groups", { body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("body");
  });

  test("actions accept an empty body without Content-Type, or {}", async () => {
    server = await startServer(fakeService().service);
    expect((await server.call("POST", `/v1/campaign/${CAMP}/pause`)).status).toBe(200);
    expect((await server.call("POST", `/v1/campaign/${CAMP}/pause`, { json: {} })).status).toBe(200);
    expect((await server.call("POST", `/v1/campaign/${CAMP}/launch`)).status).toBe(200);
  });

  test("actions refuse unknown fields", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/pause`, { json: { force: true } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("force");
  });
});

describe("contact imports", () => {
  test("a text/csv body is parsed into rows with their line numbers and the default region", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts`, {
      body: "phone,name,city\n0712345678,Asha,Arusha\n+255700000002,,\n", headers: { "Content-Type": "text/csv" },
    });
    expect(res.status).toBe(200);
    const call = fake.calls.find((c) => c.method === "importContacts")!;
    expect(call.args[1]).toBe(GRP);
    expect(call.args[2]).toEqual([
      { row: 2, phone: "0712345678", name: "Asha", attributes: { city: "Arusha" } },
      { row: 3, phone: "+255700000002", name: null, attributes: {} },
    ]);
    expect(call.args[3]).toEqual({ region: "TZ" });
  });

  test("?region= overrides the default region, upper-cased", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", `/v1/groups/${GRP}/contacts?region=gb`, { json: { contacts: [{ phone: "07946000000" }] } });
    expect(fake.calls[0]!.args[3]).toEqual({ region: "GB" });
  });

  test("a malformed region is a 400 naming it", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts?region=GBR`, { json: { contacts: [{ phone: "1" }] } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("region");
  });

  test("a CSV without a phone column is a 400", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts`, { body: "name\nAsha\n", headers: { "Content-Type": "text/csv" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "body" });
    expect(res.body.errors[0].message).toContain("phone");
  });

  test("more than 100,000 JSON rows is a 400 on contacts", async () => {
    server = await startServer(fakeService().service, { maxBodyBytes: 50 * 1024 * 1024 });
    const contacts = Array.from({ length: 100_001 }, () => ({ phone: "1" }));
    const res = await server.call("POST", `/v1/groups/${GRP}/contacts`, { json: { contacts } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("contacts");
  });
});

describe("times and runs", () => {
  test("a time without an offset is a 400 naming the field", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/runs`, { json: { scheduled_at: "2026-05-12T14:00:00" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "scheduled_at" });
    expect(fake.calls).toHaveLength(0);
  });

  test("a time with an offset reaches the service as epoch milliseconds", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    await server.call("POST", `/v1/campaign/${CAMP}/runs`, { json: { scheduled_at: "2026-05-12T17:00:00+03:00" } });
    expect(fake.calls[0]!.args[2]).toEqual({ scheduled_at: Date.parse("2026-05-12T14:00:00Z") });
  });

  test("a recurring run passes cron, time zone and converted bounds", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/runs`, {
      json: { cron: "0 9 * * 1", timezone: "Africa/Dar_es_Salaam", ends_at: "2026-06-01T00:00:00Z", max_occurrences: 4 },
    });
    expect(res.status).toBe(201);
    expect(fake.calls[0]!.args[2]).toEqual({
      cron: "0 9 * * 1", timezone: "Africa/Dar_es_Salaam", ends_at: Date.parse("2026-06-01T00:00:00Z"), max_occurrences: 4,
    });
  });

  test("a body mixing one-shot and recurring fields is refused", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/runs`, {
      json: { scheduled_at: "2026-05-12T14:00:00Z", cron: "0 9 * * *", timezone: "UTC" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "scheduled_at" });
  });

  test("a run patch passes only the fields given, times converted", async () => {
    const fake = fakeService();
    server = await startServer(fake.service);
    const res = await server.call("PATCH", `/v1/campaign/${CAMP}/runs/${RUN}`, { json: { scheduled_at: "2026-05-12T14:00:00Z" } });
    expect(res.status).toBe(200);
    expect(fake.calls[0]!.args.slice(1)).toEqual([CAMP, RUN, { scheduled_at: Date.parse("2026-05-12T14:00:00Z") }]);
    const local = await server.call("PATCH", `/v1/campaign/${CAMP}/runs/${RUN}`, { json: { ends_at: "2026-05-12 14:00" } });
    expect(local.status).toBe(400);
    expect(local.body.errors[0].field).toBe("ends_at");
  });

  test("a recurring run without a time zone names timezone", async () => {
    server = await startServer(fakeService().service);
    const res = await server.call("POST", `/v1/campaign/${CAMP}/runs`, { json: { cron: "0 9 * * *" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("timezone");
  });
});
