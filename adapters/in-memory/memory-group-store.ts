import type { Contact, Group } from "../../core/domain/model.ts";
import type { GroupStore, UpsertOutcome } from "../../core/ports/group-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryGroupStore implements GroupStore {
  readonly availability = new Availability("group store");
  readonly #groups = new Map<string, Group>();
  /** Map iteration order is insertion order, and replacing a key keeps its position. */
  readonly #contacts = new Map<string, Map<string, Contact>>();
  readonly #suppressed = new Map<string, Set<string>>();

  async insertGroup(group: Group): Promise<void> {
    this.availability.check();
    this.#groups.set(group.group_id, group);
    this.#contacts.set(group.group_id, new Map());
  }

  async getGroup(groupId: string): Promise<Group | null> {
    this.availability.check();
    return this.#groups.get(groupId) ?? null;
  }

  async upsertContacts(groupId: string, contacts: readonly Contact[]): Promise<UpsertOutcome> {
    this.availability.check();
    const members = this.#contacts.get(groupId);
    if (!members) throw new Error(`no group ${groupId}`);
    let inserted = 0;
    let updated = 0;
    for (const c of contacts) {
      if (members.has(c.phone)) updated++;
      else inserted++;
      members.set(c.phone, c);
    }
    return { inserted, updated };
  }

  async countContacts(groupId: string): Promise<number> {
    this.availability.check();
    return this.#contacts.get(groupId)?.size ?? 0;
  }

  async listContacts(groupId: string, offset: number, limit: number): Promise<Contact[]> {
    this.availability.check();
    const members = [...(this.#contacts.get(groupId)?.values() ?? [])];
    return members.slice(offset, offset + limit);
  }

  async suppress(workspaceId: string, phones: readonly string[]): Promise<number> {
    this.availability.check();
    const set = this.#suppressed.get(workspaceId) ?? new Set<string>();
    this.#suppressed.set(workspaceId, set);
    let added = 0;
    for (const p of phones) {
      if (!set.has(p)) {
        set.add(p);
        added++;
      }
    }
    return added;
  }

  async suppressed(workspaceId: string, phones: readonly string[]): Promise<Set<string>> {
    this.availability.check();
    const set = this.#suppressed.get(workspaceId);
    return new Set(set ? phones.filter((p) => set.has(p)) : []);
  }
}
