import { createServer } from "node:net";
import { MongoBulkWriteError, MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoTopologyClosedError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isUnavailable,
  MongoCampaignStore,
  MongoGroupStore,
  MongoIdempotencyStore,
  MongoLedger,
  MongoMessageStore,
  MongoRunStore,
  openMongoStores,
} from "../../../adapters/mongo/index.ts";
import { StoreUnavailableError } from "../../../core/domain/result.ts";
import { aCampaign, aContact, aGroup, anIdempotencyRecord, aRun, messagesOf, T0 } from "../../../testkit/contract/fixtures.ts";

/** A local port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}

describe("driver errors", () => {
  it("network, server-selection and closed-client errors mean unavailable; a server's refusal does not", () => {
    expect(isUnavailable(new MongoNetworkError("reset"))).toBe(true);
    expect(isUnavailable(new MongoNotConnectedError("closed"))).toBe(true);
    expect(isUnavailable(new MongoServerError({ message: "E11000", code: 11000 }))).toBe(false);
    expect(isUnavailable(new Error("bug"))).toBe(false);
  });

  it("a bulk write's wrapped driver fault means unavailable; its duplicate-key failures do not", () => {
    expect(isUnavailable(new MongoBulkWriteError(new MongoTopologyClosedError(), {} as never))).toBe(true);
    expect(isUnavailable(new MongoBulkWriteError({ message: "E11000", code: 11000, writeErrors: [] }, {} as never))).toBe(false);
  });
});

describe("Mongo stores when the server cannot be reached (real driver, refused port)", () => {
  let url = "";
  let client: MongoClient;

  beforeAll(async () => {
    url = `mongodb://127.0.0.1:${await closedPort()}/?directConnection=true`;
    client = new MongoClient(url, { serverSelectionTimeoutMS: 150 });
  });
  afterAll(async () => {
    await client.close();
  });

  it("openMongoStores rejects with StoreUnavailableError", async () => {
    await expect(openMongoStores(url, "kampeni", { serverSelectionTimeoutMS: 150 })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("every method of every store rejects with StoreUnavailableError, never a default answer", async () => {
    const db = client.db("kampeni");
    const [campaigns, groups, runs, messages, ledger, idempotency] = [
      new MongoCampaignStore(db),
      new MongoGroupStore(db),
      new MongoRunStore(db),
      new MongoMessageStore(db),
      new MongoLedger(db),
      new MongoIdempotencyStore(db),
    ];
    const run = aRun();
    const rows = messagesOf(run, 2);
    const calls: Record<string, () => Promise<unknown>> = {
      "campaigns.insert": () => campaigns.insert(aCampaign()),
      "campaigns.get": () => campaigns.get("camp_x"),
      "campaigns.replace": () => campaigns.replace(aCampaign({ version: 2 }), 1),
      "campaigns.list": () => campaigns.list("ws", null, 10),
      "groups.insertGroup": () => groups.insertGroup(aGroup()),
      "groups.getGroup": () => groups.getGroup("grp_x"),
      "groups.upsertContacts": () => groups.upsertContacts("grp_x", [aContact()]),
      "groups.countContacts": () => groups.countContacts("grp_x"),
      "groups.listContacts": () => groups.listContacts("grp_x", 0, 10),
      "groups.suppress": () => groups.suppress("ws", ["+255700000001"]),
      "groups.suppressed": () => groups.suppressed("ws", ["+255700000001"]),
      "runs.insert": () => runs.insert(run),
      "runs.insertChildren": () => runs.insertChildren([aRun({ parent_run_id: run.run_id, recurrence_index: 0 })]),
      "runs.get": () => runs.get(run.run_id),
      "runs.listByCampaign": () => runs.listByCampaign(run.campaign_id),
      "runs.update": () => runs.update(run.run_id, { fence: 1 }, { status: "running" }),
      "runs.claimNext": () => runs.claimNext({ now: T0, windowStart: T0 - 1, owner: "w", leaseMs: 1 }),
      "runs.listOverdue": () => runs.listOverdue(T0, 10),
      "runs.listRefundsDue": () => runs.listRefundsDue(T0, 10),
      "runs.listTemplatesToExtend": () => runs.listTemplatesToExtend(T0, 10),
      "messages.insertMany": () => messages.insertMany(rows),
      "messages.deleteRun": () => messages.deleteRun(run.run_id),
      "messages.takeBatch": () => messages.takeBatch(run.run_id, 1, 10, T0),
      "messages.recordResults": () => messages.recordResults(run.run_id, 1, [{ seq: 0, status: "SENT", provider_message_id: "p", error: null }], T0),
      "messages.releaseQueued": () => messages.releaseQueued(run.run_id, 1, [0], T0),
      "messages.counts": () => messages.counts(run.run_id),
      "messages.sumParts": () => messages.sumParts(run.run_id, ["SENT"]),
      "messages.list": () => messages.list(run.run_id, { afterSeq: -1, limit: 10 }),
      "messages.applyDeliveryReport": () => messages.applyDeliveryReport("p", "DELIVERED", T0),
      "ledger.credit": () => ledger.credit("ws", 1, "k"),
      "ledger.balance": () => ledger.balance("ws"),
      "ledger.reserve": () => ledger.reserve("ws", run.run_id, 1),
      "ledger.consume": () => ledger.consume("ws", run.run_id, [{ key: "0", units: 1 }]),
      "ledger.refundRemainder": () => ledger.refundRemainder("ws", run.run_id, "final"),
      "ledger.totals": () => ledger.totals(run.run_id),
      "idempotency.get": () => idempotency.get("ws", "k", T0),
      "idempotency.put": () => idempotency.put(anIdempotencyRecord(), T0),
    };
    const outcomes = await Promise.all(
      Object.entries(calls).map(async ([name, call]) => {
        try {
          await call();
          return `${name}: resolved`;
        } catch (error) {
          return error instanceof StoreUnavailableError ? `${name}: unavailable` : `${name}: ${String(error)}`;
        }
      }),
    );
    expect(outcomes).toEqual(Object.keys(calls).map((name) => `${name}: unavailable`));
  });
});
