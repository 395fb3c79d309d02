import type { Collection, Db } from "mongodb";
import type { Contact, Group } from "../../core/domain/model.ts";
import type { GroupStore, UpsertOutcome } from "../../core/ports/group-store.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import {
  contactsOfGroupFilter,
  contactUpsertPlan,
  fromContactDoc,
  fromGroupDoc,
  POSITION_SORT,
  reservePositionsUpdate,
  suppressedFilter,
  suppressOps,
  toGroupDoc,
  upsertOutcome,
} from "./documents/group.documents.ts";
import { guarded } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "group store";

/**
 * Groups, contacts (unique (group_id, phone), ordered by a per-group position counter) and suppressions
 * (unique (workspace_id, phone)).
 *
 * `upsertContacts` is one unordered `bulkWrite` of upserts, not a transaction: each contact is written
 * atomically and the call is idempotent, so a call interrupted by a crash is completed by repeating it.
 */
export class MongoGroupStore implements GroupStore {
  readonly #groups: Collection<Stored>;
  readonly #contacts: Collection<Stored>;
  readonly #suppressions: Collection<Stored>;

  constructor(db: Db) {
    this.#groups = db.collection(COLLECTIONS.groups);
    this.#contacts = db.collection(COLLECTIONS.contacts);
    this.#suppressions = db.collection(COLLECTIONS.suppressions);
  }

  insertGroup(group: Group): Promise<void> {
    return guarded(STORE, async () => {
      await this.#groups.insertOne(toGroupDoc(group));
    });
  }

  getGroup(groupId: string): Promise<Group | null> {
    return guarded(STORE, async () => {
      const doc = await this.#groups.findOne({ _id: groupId });
      return doc ? fromGroupDoc(doc) : null;
    });
  }

  upsertContacts(groupId: string, contacts: readonly Contact[]): Promise<UpsertOutcome> {
    return guarded(STORE, async () => {
      // Positions for the new contacts are reserved up front; a contact that turns out to exist keeps its own.
      const group = await this.#groups.findOneAndUpdate({ _id: groupId }, reservePositionsUpdate(contacts.length), {
        returnDocument: "before",
      });
      if (!group) throw new Error(`no group ${groupId}`);
      if (contacts.length === 0) return { inserted: 0, updated: 0 };
      const plan = contactUpsertPlan(groupId, contacts, group["next_position"] as number);
      const result = await this.#contacts.bulkWrite(plan.ops, { ordered: false });
      return upsertOutcome(plan, new Set(Object.keys(result.upsertedIds).map(Number)));
    });
  }

  countContacts(groupId: string): Promise<number> {
    return guarded(STORE, () => this.#contacts.countDocuments(contactsOfGroupFilter(groupId)));
  }

  listContacts(groupId: string, offset: number, limit: number): Promise<Contact[]> {
    return guarded(STORE, async () => {
      if (limit <= 0) return [];
      const docs = await this.#contacts.find(contactsOfGroupFilter(groupId)).sort(POSITION_SORT).skip(offset).limit(limit).toArray();
      return docs.map(fromContactDoc);
    });
  }

  suppress(workspaceId: string, phones: readonly string[]): Promise<number> {
    return guarded(STORE, async () => {
      if (phones.length === 0) return 0;
      return (await this.#suppressions.bulkWrite(suppressOps(workspaceId, phones), { ordered: false })).upsertedCount;
    });
  }

  suppressed(workspaceId: string, phones: readonly string[]): Promise<Set<string>> {
    return guarded(STORE, async () => {
      if (phones.length === 0) return new Set<string>();
      const docs = await this.#suppressions.find(suppressedFilter(workspaceId, phones), { projection: { _id: 0, phone: 1 } }).toArray();
      return new Set(docs.map((d) => d["phone"] as string));
    });
  }
}
