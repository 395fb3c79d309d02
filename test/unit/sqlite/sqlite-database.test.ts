import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStores } from "../../../adapters/sqlite/index.ts";
import { SCHEMA_VERSION } from "../../../adapters/sqlite/schema.ts";
import { openDatabase } from "../../../adapters/sqlite/sqlite-database.ts";
import { aCampaign, aGroup, aRun, messagesOf, T0 } from "../../../testkit/contract/fixtures.ts";
import { tempDir } from "./temp-database.ts";

describe("the SQLite database file", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it("opens in WAL mode with a busy timeout, synchronous NORMAL and foreign keys on", () => {
    const db = openDatabase(temp.file("a.db"), { busyTimeoutMs: 1234 });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("busy_timeout", { simple: true })).toBe(1234);
      expect(db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.prepare("SELECT version FROM schema_version").pluck().all()).toEqual([SCHEMA_VERSION]);
    } finally {
      db.close();
    }
  });

  it("keeps its data and a single schema version row when opened again", async () => {
    const path = temp.file("b.db");
    const campaign = aCampaign({ group_ids: ["grp_1", "grp_2"], description: "kept" });
    const first = openSqliteStores(path);
    await first.campaigns.insert(campaign);
    await first.close();

    const second = openSqliteStores(path);
    expect(await second.campaigns.get(campaign.campaign_id)).toEqual(campaign);
    await second.close();
    const db = new Database(path);
    expect(db.prepare("SELECT COUNT(*) FROM schema_version").pluck().get()).toBe(1);
    db.close();
  });

  it("refuses a file written by a newer schema version", () => {
    const path = temp.file("c.db");
    openDatabase(path).close();
    const db = new Database(path);
    db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION + 1);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer/);
  });

  it("the unique indexes reject a second child in one slot, a second row at one seq and a second contact per phone", async () => {
    const path = temp.file("d.db");
    const stores = openSqliteStores(path);
    const template = aRun({ status: "retired" });
    await stores.runs.insert(aRun({ parent_run_id: template.run_id, recurrence_index: 0 }));
    await expect(stores.runs.insert(aRun({ parent_run_id: template.run_id, recurrence_index: 0 }))).rejects.toThrow(/UNIQUE/);
    await stores.messages.insertMany(messagesOf(aRun(), 1));
    const group = aGroup();
    await stores.groups.insertGroup(group);
    await stores.groups.upsertContacts(group.group_id, [{ phone: "+447400000001", name: null, attributes: {}, region: null, number_type: null }]);
    await stores.close();

    const db = new Database(path);
    expect(() => db.prepare("INSERT INTO messages SELECT * FROM messages").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO contacts (group_id, ordinal, phone, attributes) VALUES (?, 99, ?, '{}')").run(group.group_id, "+447400000001"))
      .toThrow(/UNIQUE/);
    db.close();
  });

  it("keeps times as integers, flags as 0/1, structured fields as JSON and absent values as NULL", async () => {
    const path = temp.file("e.db");
    const stores = openSqliteStores(path);
    const run = aRun({ recipients_fixed: true, lease: { owner: "w1", expires_at: T0 + 5 }, scheduled_at: T0 });
    await stores.runs.insert(run);
    await stores.close();

    const db = new Database(path);
    const row = db.prepare("SELECT * FROM runs WHERE run_id = ?").get(run.run_id) as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({
      scheduled_at: T0, recipients_fixed: 1, lease_owner: "w1", lease_expires_at: T0 + 5, recurrence: null, failure_reason: null,
    });
  });
});
