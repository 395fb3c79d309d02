import type { Contact, Group } from "../../core/domain/model.ts";
import type { GroupStore, UpsertOutcome } from "../../core/ports/group-store.port.ts";
import { SqliteGate, type SqliteDb } from "./sqlite-database.ts";

interface ContactRow {
  phone: string;
  name: string | null;
  attributes: string;
  region: string | null;
  number_type: string | null;
}

const fromRow = (r: ContactRow): Contact => ({
  phone: r.phone,
  name: r.name,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  region: r.region,
  number_type: r.number_type,
});

/**
 * Groups, contacts and suppressions. Each new phone gets the group's next ordinal; the upsert of a known phone
 * leaves its ordinal alone, so re-importing keeps the first-insertion position. Each upsert call is one
 * transaction of one prepared statement per contact.
 */
export class SqliteGroupStore implements GroupStore {
  readonly #gate: SqliteGate;
  readonly #upsertAll: (groupId: string, contacts: readonly Contact[]) => UpsertOutcome;
  readonly #suppressAll: (workspaceId: string, phones: readonly string[]) => number;
  readonly #insertGroup;
  readonly #getGroup;
  readonly #count;
  readonly #list;
  readonly #suppressed;

  constructor(db: SqliteDb) {
    this.#gate = new SqliteGate(db, "group store");
    this.#insertGroup = db.prepare<[Group]>(
      "INSERT INTO groups (group_id, workspace_id, name, created_at) VALUES (@group_id, @workspace_id, @name, @created_at)",
    );
    this.#getGroup = db.prepare<[string], Group>("SELECT group_id, workspace_id, name, created_at FROM groups WHERE group_id = ?");
    this.#count = db.prepare<[string], number>("SELECT COUNT(*) FROM contacts WHERE group_id = ?").pluck();
    this.#list = db.prepare<[string, number, number], ContactRow>(
      "SELECT phone, name, attributes, region, number_type FROM contacts WHERE group_id = ? ORDER BY ordinal LIMIT ? OFFSET ?",
    );
    // One JSON array parameter instead of one bound variable per phone: no variable limit, one statement.
    this.#suppressed = db.prepare<[string, string], string>(
      "SELECT phone FROM suppressions WHERE workspace_id = ? AND phone IN (SELECT value FROM json_each(?))",
    ).pluck();
    const lastOrdinal = db.prepare<[string], number>("SELECT COALESCE(MAX(ordinal), -1) FROM contacts WHERE group_id = ?").pluck();
    const upsert = db.prepare<[string, number, string, string | null, string, string | null, string | null]>(
      "INSERT INTO contacts (group_id, ordinal, phone, name, attributes, region, number_type) VALUES (?, ?, ?, ?, ?, ?, ?) " +
        "ON CONFLICT (group_id, phone) DO UPDATE SET name = excluded.name, attributes = excluded.attributes, " +
        "region = excluded.region, number_type = excluded.number_type",
    );
    const count = this.#count;
    const getGroup = this.#getGroup;
    this.#upsertAll = db.transaction((groupId: string, contacts: readonly Contact[]) => {
      if (!getGroup.get(groupId)) throw new Error(`no group ${groupId}`);
      const before = count.get(groupId) ?? 0;
      // An ordinal offered to a phone already present is simply not used: gaps are harmless, order is kept.
      let ordinal = lastOrdinal.get(groupId) ?? -1;
      for (const c of contacts) {
        upsert.run(groupId, ++ordinal, c.phone, c.name, JSON.stringify(c.attributes), c.region, c.number_type);
      }
      // New distinct phones grew the group; every other row (including a phone repeated in this call) updated.
      const inserted = (count.get(groupId) ?? 0) - before;
      return { inserted, updated: contacts.length - inserted };
    }).immediate;
    const suppressOne = db.prepare<[string, string]>("INSERT OR IGNORE INTO suppressions (workspace_id, phone) VALUES (?, ?)");
    this.#suppressAll = db.transaction((workspaceId: string, phones: readonly string[]) => {
      let added = 0;
      for (const p of phones) added += suppressOne.run(workspaceId, p).changes;
      return added;
    }).immediate;
  }

  insertGroup(group: Group): Promise<void> {
    return this.#gate.call(() => {
      this.#insertGroup.run({ group_id: group.group_id, workspace_id: group.workspace_id, name: group.name, created_at: group.created_at });
    });
  }

  getGroup(groupId: string): Promise<Group | null> {
    return this.#gate.call(() => this.#getGroup.get(groupId) ?? null);
  }

  upsertContacts(groupId: string, contacts: readonly Contact[]): Promise<UpsertOutcome> {
    return this.#gate.call(() => this.#upsertAll(groupId, contacts));
  }

  countContacts(groupId: string): Promise<number> {
    return this.#gate.call(() => this.#count.get(groupId) ?? 0);
  }

  listContacts(groupId: string, offset: number, limit: number): Promise<Contact[]> {
    return this.#gate.call(() => this.#list.all(groupId, limit, offset).map(fromRow));
  }

  suppress(workspaceId: string, phones: readonly string[]): Promise<number> {
    return this.#gate.call(() => this.#suppressAll(workspaceId, phones));
  }

  suppressed(workspaceId: string, phones: readonly string[]): Promise<Set<string>> {
    return this.#gate.call(() => new Set(phones.length === 0 ? [] : this.#suppressed.all(workspaceId, JSON.stringify(phones))));
  }
}
