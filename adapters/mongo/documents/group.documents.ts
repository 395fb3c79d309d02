/**
 * Documents of `groups`, `contacts` and `suppressions`. A group carries `next_position`, the counter that
 * gives each new contact its place in first-insertion order; a contact is `{ group_id, phone, position, … }`
 * with its attributes as pairs.
 * @module
 */
import type { AnyBulkWriteOperation, Document, Filter, Sort, UpdateFilter } from "mongodb";
import type { Contact, Group } from "../../../core/domain/model.ts";
import type { UpsertOutcome } from "../../../core/ports/group-store.port.ts";
import { type AttributePair, decodeAttributes, encodeAttributes } from "./attributes.documents.ts";
import type { Stored } from "./stored.documents.ts";

export const POSITION_SORT: Sort = { position: 1 };

export function toGroupDoc(group: Group): Stored {
  return { _id: group.group_id, ...group, next_position: 0 };
}

export function fromGroupDoc(doc: Document): Group {
  return { group_id: doc["group_id"], workspace_id: doc["workspace_id"], name: doc["name"], created_at: doc["created_at"] };
}

/** Reserves `count` positions for new contacts (read the counter's value from before the update). */
export function reservePositionsUpdate(count: number): UpdateFilter<Stored> {
  return { $inc: { next_position: count } };
}

export function fromContactDoc(doc: Document): Contact {
  return {
    phone: doc["phone"],
    name: doc["name"] ?? null,
    attributes: decodeAttributes(doc["attributes"] as AttributePair[]),
    region: doc["region"] ?? null,
    number_type: doc["number_type"] ?? null,
  };
}

/** A call's contacts, one per phone: the last values win, the first occurrence gives the position. */
export interface ContactUpsertPlan {
  readonly ops: AnyBulkWriteOperation<Stored>[];
  /** How many times each op's phone appeared in the call, by op index. */
  readonly occurrences: readonly number[];
}

/**
 * One upsert per distinct phone: existing contacts get the new name and attributes and keep their position;
 * new ones take `base + i`. Concurrent upserts of one phone cannot both insert (unique (group_id, phone)).
 */
export function contactUpsertPlan(groupId: string, contacts: readonly Contact[], base: number): ContactUpsertPlan {
  const byPhone = new Map<string, { contact: Contact; count: number }>();
  for (const c of contacts) {
    const seen = byPhone.get(c.phone);
    byPhone.set(c.phone, { contact: c, count: (seen?.count ?? 0) + 1 });
  }
  const entries = [...byPhone.values()];
  return {
    ops: entries.map(({ contact: c }, i) => ({
      updateOne: {
        filter: { group_id: groupId, phone: c.phone },
        update: {
          $set: { name: c.name, attributes: encodeAttributes(c.attributes), region: c.region, number_type: c.number_type },
          $setOnInsert: { position: base + i },
        },
        upsert: true,
      },
    })),
    occurrences: entries.map((e) => e.count),
  };
}

/** In memory, a phone's first appearance in a call is an insert when new, every further one an update. */
export function upsertOutcome(plan: ContactUpsertPlan, upsertedIndexes: ReadonlySet<number>): UpsertOutcome {
  let inserted = 0;
  let updated = 0;
  plan.occurrences.forEach((count, i) => {
    if (upsertedIndexes.has(i)) {
      inserted++;
      updated += count - 1;
    } else updated += count;
  });
  return { inserted, updated };
}

export function contactsOfGroupFilter(groupId: string): Filter<Stored> {
  return { group_id: groupId };
}

/** One insert-if-absent per distinct phone; the upserted count is how many were new. */
export function suppressOps(workspaceId: string, phones: readonly string[]): AnyBulkWriteOperation<Stored>[] {
  return [...new Set(phones)].map((phone) => ({
    updateOne: { filter: { workspace_id: workspaceId, phone }, update: { $setOnInsert: { workspace_id: workspaceId, phone } }, upsert: true },
  }));
}

export function suppressedFilter(workspaceId: string, phones: readonly string[]): Filter<Stored> {
  return { workspace_id: workspaceId, phone: { $in: [...new Set(phones)] } };
}
