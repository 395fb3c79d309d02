/**
 * A stand-in for the driver's `Db`, just wide enough for the Mongo adapters, evaluating every filter, update
 * and pipeline with mingo. It lets the contract suites and crash tests run the real adapter classes on a
 * machine without a MongoDB server. It is a simulation, not a server: each operation is atomic (stronger than
 * MongoDB's per-document atomicity for multi-document writes), and operations interleave only between calls.
 * The real-server run is `test/contract/mongo.contract.test.ts`.
 * @module
 */
import { MongoNetworkError } from "mongodb";
import { FakeCollection, type Gate } from "./fake-collection.ts";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const WRITES = new Set(["insertOne", "insertMany", "updateOne", "updateMany", "findOneAndUpdate", "replaceOne", "deleteOne", "deleteMany", "bulkWrite"]);

/** Injected faults: the whole server down, or the process "dying" just before its n-th write from now. */
export class FakeServer implements Gate {
  down = false;
  #writesUntilCrash = 0;

  /** The `n`-th write from now (1-based) throws before reaching the data, as if the caller's process died. */
  crashBeforeWrite(n: number): void {
    this.#writesUntilCrash = n;
  }

  async enter(collection: string, method: string): Promise<void> {
    await tick();
    if (this.down) throw new MongoNetworkError("connection refused (simulated)");
    if (this.#writesUntilCrash > 0 && WRITES.has(method) && --this.#writesUntilCrash === 0) {
      throw new SimulatedCrash(`${collection}.${method}`);
    }
  }
}

/** What a write throws when {@link FakeServer.crashBeforeWrite} fires. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash before ${where}`);
  }
}

/** `Db`-shaped: `collection(name)` only. Cast it with `as unknown as Db` when handing it to an adapter. */
export class FakeDb {
  readonly server = new FakeServer();
  readonly #collections = new Map<string, FakeCollection>();

  collection(name: string): FakeCollection {
    let c = this.#collections.get(name);
    if (!c) this.#collections.set(name, (c = new FakeCollection(name, this.server)));
    return c;
  }
}

