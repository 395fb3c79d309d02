import type { Contact, Group } from "../domain/model.ts";

export interface UpsertOutcome {
  /** Contacts whose phone was new to the group. */
  readonly inserted: number;
  /** Contacts whose phone was already in the group (their name and attributes were replaced). */
  readonly updated: number;
}

/** Contact groups, their contacts, and a workspace's suppressed (opted-out) numbers. */
export interface GroupStore {
  insertGroup(group: Group): Promise<void>;
  getGroup(groupId: string): Promise<Group | null>;
  /** Inserts or replaces contacts by phone, atomically for the whole call. */
  upsertContacts(groupId: string, contacts: readonly Contact[]): Promise<UpsertOutcome>;
  countContacts(groupId: string): Promise<number>;
  /**
   * Contacts in first-insertion order, skipping the first `offset`, at most `limit`.
   * (Re-importing a phone keeps its position.)
   */
  listContacts(groupId: string, offset: number, limit: number): Promise<Contact[]>;
  /** Adds phones (E.164) to the workspace's suppression list; returns how many were new. */
  suppress(workspaceId: string, phones: readonly string[]): Promise<number>;
  /** The subset of `phones` that is suppressed in the workspace. */
  suppressed(workspaceId: string, phones: readonly string[]): Promise<Set<string>>;
}
