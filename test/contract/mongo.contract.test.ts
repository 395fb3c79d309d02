/**
 * The shared contract suites against the Mongo adapters on a real MongoDB: `MONGODB_URL` when set (a
 * standalone server or a replica-set primary reachable at that one address), else a `mongo:7` container
 * when a Docker engine answers, else the whole file is reported as skipped (never as passed).
 *
 * Each test gets a database of its own, dropped afterwards, reached through a TCP proxy the fixture can cut,
 * so "the backend is down" is a real lost connection for that one store.
 */
import { MongoClient } from "mongodb";
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from "testcontainers";
import { afterAll, beforeAll, describe } from "vitest";
import { type MongoStores, openMongoStores } from "../../adapters/mongo/index.ts";
import {
  campaignStoreContract,
  type ContractCapabilities,
  freshId,
  groupStoreContract,
  idempotencyStoreContract,
  ledgerContract,
  messageStoreContract,
  runStoreContract,
  type StoreFixture,
} from "../../testkit/contract/index.ts";
import { CuttableProxy } from "../integration/cuttable-proxy.ts";

type StoreName = "campaigns" | "groups" | "runs" | "messages" | "ledger" | "idempotency";

const ENV_URL = process.env["MONGODB_URL"];

async function dockerAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

const mode = ENV_URL ? "url" : (await dockerAnswers()) ? "docker" : "none";
if (mode === "none") console.warn("\n!!! MongoDB contract tests SKIPPED: no MONGODB_URL and no Docker engine\n");

/** A URL with one host and an explicit port can go through the proxy; `mongodb+srv://` or a seed list cannot. */
function withExplicitPort(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "mongodb:" || parsed.host.includes(",")) return null;
    if (!parsed.port) parsed.port = "27017";
    return parsed.toString();
  } catch {
    return null;
  }
}

let url = ENV_URL ?? "";
let container: StartedTestContainer | null = null;
let admin: MongoClient | null = null;

/** Fails fast once the proxy is cut, so each outage test waits about a second, not the driver's 30 s. */
const CLIENT_OPTIONS = { serverSelectionTimeoutMS: 1_000 } as const;

/** A fresh database per test, through a cuttable proxy when the URL allows it. */
function mongo<K extends StoreName>(name: K): () => Promise<StoreFixture<MongoStores[K]>> {
  return async () => {
    const dbName = `kampeni_contract_${freshId("db")}`;
    const target = withExplicitPort(url);
    const proxy = target ? await CuttableProxy.open(target) : null;
    const stores = proxy
      ? await openMongoStores(proxy.urlFor(target!), dbName, { ...CLIENT_OPTIONS, directConnection: true })
      : await openMongoStores(url, dbName, CLIENT_OPTIONS);
    return {
      store: stores[name],
      close: async () => {
        await stores.close();
        await proxy?.close();
        await admin!.db(dbName).dropDatabase();
      },
      ...(proxy ? { setUnavailable: (down: boolean) => proxy.setCut(down) } : {}),
    };
  };
}

const capabilities: ContractCapabilities = { outage: mode !== "none" && withExplicitPort(url || "mongodb://127.0.0.1:27017") !== null };

(mode === "none" ? describe.skip : describe)("mongo (real server)", () => {
  beforeAll(async () => {
    if (mode === "docker") {
      container = await new GenericContainer("mongo:7")
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forAll([Wait.forListeningPorts(), Wait.forLogMessage(/Waiting for connections/)]))
        .withStartupTimeout(120_000)
        .start();
      url = `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/`;
    }
    admin = await new MongoClient(url, CLIENT_OPTIONS).connect();
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await container?.stop();
  });

  campaignStoreContract("mongo", mongo("campaigns"), capabilities);
  groupStoreContract("mongo", mongo("groups"), capabilities);
  runStoreContract("mongo", mongo("runs"), capabilities);
  messageStoreContract("mongo", mongo("messages"), capabilities);
  ledgerContract("mongo", mongo("ledger"), capabilities);
  idempotencyStoreContract("mongo", mongo("idempotency"), capabilities);
});
