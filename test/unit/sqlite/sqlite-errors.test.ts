import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../core/domain/result.ts";
import { openSqliteStores } from "../../../adapters/sqlite/index.ts";
import { aCampaign, aGroup, aRun, T0 } from "../../../testkit/contract/fixtures.ts";
import { tempDir } from "./temp-database.ts";

describe("SQLite faults", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it("a file that cannot be opened is StoreUnavailableError", () => {
    expect(() => openSqliteStores(temp.file("missing-dir/x.db"))).toThrow(StoreUnavailableError);
    const notADatabase = temp.file("junk.db");
    writeFileSync(notADatabase, "this is not a database file, not even close to one".repeat(100));
    expect(() => openSqliteStores(notADatabase)).toThrow(StoreUnavailableError);
  });

  it("a write that waits past the busy timeout for another process's lock is StoreUnavailableError, and works once released", async () => {
    const path = temp.file("busy.db");
    const stores = openSqliteStores(path, { busyTimeoutMs: 20 });
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      const error = await stores.runs.insert(aRun()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).store).toBe("run store");
      await expect(stores.runs.claimNext({ now: T0, windowStart: 0, owner: "w", leaseMs: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
      // Readers are not blocked by a writer in WAL mode.
      expect(await stores.runs.get("run_none")).toBeNull();
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await stores.runs.insert(aRun());
    await stores.close();
  });

  it("every store answers StoreUnavailableError once the database is closed, and so does ping", async () => {
    const stores = openSqliteStores(":memory:");
    await expect(stores.ping()).resolves.toBeUndefined();
    await stores.close();
    await stores.close(); // idempotent
    const calls: (() => Promise<unknown>)[] = [
      () => stores.ping(),
      () => stores.campaigns.get("camp_x"),
      () => stores.groups.countContacts("grp_x"),
      () => stores.runs.listOverdue(T0, 10),
      () => stores.messages.counts("run_x"),
      () => stores.ledger.balance("ws_x"),
      () => stores.idempotency.get("ws_x", "k", 0),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("programming errors stay what they are: a duplicate id, an unknown group, a field no run has", async () => {
    const stores = openSqliteStores(":memory:");
    const campaign = aCampaign();
    await stores.campaigns.insert(campaign);
    const duplicate = await stores.campaigns.insert(campaign).catch((e: unknown) => e);
    expect(duplicate).not.toBeInstanceOf(StoreUnavailableError);
    expect(duplicate).toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    await expect(stores.groups.upsertContacts(aGroup().group_id, [])).rejects.toThrow(/no group/);
    const run = aRun();
    await stores.runs.insert(run);
    await expect(stores.runs.update(run.run_id, {}, { "status; DROP TABLE runs": "x" } as never)).rejects.toThrow(/not a patchable run field/);
    expect(await stores.runs.get(run.run_id)).toEqual(run);
    await stores.close();
  });
});
