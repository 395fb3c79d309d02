import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStores, type SqliteStores } from "../../../adapters/sqlite/index.ts";
import type { Contact } from "../../../core/domain/model.ts";
import type { SendResult } from "../../../core/ports/message-store.port.ts";
import { aGroup, aRun, messagesOf, T0 } from "../../../testkit/contract/fixtures.ts";
import { tempDir } from "./temp-database.ts";

/** Generous bounds (a busy CI machine) that still catch one-statement-per-row-of-SQL-text or per-row commits. */
const CONTACTS_BUDGET_MS = 5000;
const BATCH_BUDGET_MS = 3000;

const elapsed = (since: number) => Math.round(performance.now() - since);

describe("bulk writes on a SQLite file", () => {
  let temp: ReturnType<typeof tempDir>;
  let stores: SqliteStores;
  beforeAll(() => {
    temp = tempDir();
    stores = openSqliteStores(temp.file("bulk.db"));
  });
  afterAll(async () => {
    await stores.close();
    temp.remove();
  });

  it("imports 100,000 contacts in one call; re-importing some keeps every position", async () => {
    const group = aGroup();
    await stores.groups.insertGroup(group);
    const contacts: Contact[] = Array.from({ length: 100_000 }, (_, i) => ({
      phone: `+4474${String(i).padStart(8, "0")}`, name: `C${i}`, attributes: { tier: String(i % 3) }, region: "GB", number_type: "MOBILE",
    }));

    const started = performance.now();
    expect(await stores.groups.upsertContacts(group.group_id, contacts)).toEqual({ inserted: 100_000, updated: 0 });
    const importMs = elapsed(started);
    console.info(`sqlite: 100k contact import ${importMs} ms`);
    expect(importMs).toBeLessThan(CONTACTS_BUDGET_MS);

    const renamed = contacts.slice(0, 1000).map((c) => ({ ...c, name: `${c.name}!` })).reverse();
    const extra = { ...contacts[0]!, phone: "+447499999999", name: "new" };
    expect(await stores.groups.upsertContacts(group.group_id, [...renamed, extra])).toEqual({ inserted: 1, updated: 1000 });
    expect(await stores.groups.countContacts(group.group_id)).toBe(100_001);
    const head = await stores.groups.listContacts(group.group_id, 0, 2);
    const tail = await stores.groups.listContacts(group.group_id, 99_999, 10);
    expect([...head, ...tail].map((c) => [c.phone, c.name])).toEqual([
      ["+447400000000", "C0!"], ["+447400000001", "C1!"], ["+447400099999", "C99999"], ["+447499999999", "new"],
    ]);
  });

  it("fixes, takes and records a 20,000-recipient run in one call each", async () => {
    const run = aRun({ status: "running", fence: 1 });
    const messages = messagesOf(run, 20_000, (seq) => ({ attributes: { n: String(seq) }, parts: 1 + (seq % 2) }));

    let started = performance.now();
    await stores.messages.insertMany(messages);
    const insertMs = elapsed(started);
    started = performance.now();
    const batch = await stores.messages.takeBatch(run.run_id, 1, 20_000, T0);
    const takeMs = elapsed(started);
    const results: SendResult[] = batch.map((m) => ({
      seq: m.seq, status: m.seq % 10 === 0 ? "FAILED" : "SENT", provider_message_id: `prov_${m.seq}`, error: null,
    }));
    started = performance.now();
    expect(await stores.messages.recordResults(run.run_id, 1, results, T0 + 1)).toBe(20_000);
    const recordMs = elapsed(started);
    console.info(`sqlite: 20k insertMany ${insertMs} ms, takeBatch ${takeMs} ms, recordResults ${recordMs} ms`);

    expect(batch.map((m) => m.seq)).toEqual(messages.map((m) => m.seq));
    expect(batch.every((m) => m.status === "QUEUED" && m.fence === 1)).toBe(true);
    expect(await stores.messages.counts(run.run_id)).toMatchObject({ SENT: 18_000, FAILED: 2_000, QUEUED: 0, PENDING: 0 });
    expect(await stores.messages.sumParts(run.run_id, ["SENT", "FAILED"])).toBe(30_000);
    expect(await stores.messages.applyDeliveryReport("prov_19999", "DELIVERED", T0 + 2)).toBe("applied");
    expect(Math.max(insertMs, takeMs, recordMs)).toBeLessThan(BATCH_BUDGET_MS);
  });
});
