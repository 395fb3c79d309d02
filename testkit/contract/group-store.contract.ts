import { describe, expect, it } from "vitest";
import type { GroupStore } from "../../core/ports/group-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { aContact, aGroup, freshId } from "./fixtures.ts";

/** A `GroupStore` under test. */
export type GroupStoreFixture = StoreFixture<GroupStore>;

/**
 * The `GroupStore` contract: upserts by phone that keep first-insertion order, offset pages, and per-workspace
 * suppression lists. For use under vitest only: call it at the top level of a test file.
 */
export function groupStoreContract(
  name: string,
  factory: () => Promise<GroupStoreFixture>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`${name}: GroupStore contract`, () => {
    const fixture = useFixture(factory);

    async function newGroup(store: GroupStore) {
      const group = aGroup();
      await store.insertGroup(group);
      return group;
    }

    it("gets back an inserted group, and null for an unknown one", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      expect(await store.getGroup(group.group_id)).toEqual(group);
      expect(await store.getGroup(freshId("grp"))).toBeNull();
    });

    it("a new group has no contacts", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      expect(await store.countContacts(group.group_id)).toBe(0);
      expect(await store.listContacts(group.group_id, 0, 10)).toEqual([]);
    });

    it("stores every field of a contact", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      const full = aContact({ name: "Zoë", attributes: { city: "Dar es Salaam", code: "Ω-1" } });
      const bare = aContact({ name: null, region: null, number_type: null });
      expect(await store.upsertContacts(group.group_id, [full, bare])).toEqual({ inserted: 2, updated: 0 });
      expect(await store.listContacts(group.group_id, 0, 10)).toEqual([full, bare]);
    });

    it("a re-import replaces a contact's name and attributes but keeps its first-insertion position", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      const [a, b, c, d] = [aContact(), aContact(), aContact(), aContact()];
      await store.upsertContacts(group.group_id, [a, b, c]);
      const b2 = { ...b, name: "B again", attributes: { tier: "gold" } };
      const a2 = { ...a, name: null, attributes: {} };
      expect(await store.upsertContacts(group.group_id, [d, b2, a2])).toEqual({ inserted: 1, updated: 2 });
      expect(await store.countContacts(group.group_id)).toBe(4);
      expect(await store.listContacts(group.group_id, 0, 10)).toEqual([a2, b2, c, d]);
    });

    it("pages contacts by offset and limit in insertion order", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      const contacts = Array.from({ length: 25 }, () => aContact());
      await store.upsertContacts(group.group_id, contacts.slice(0, 10));
      await store.upsertContacts(group.group_id, contacts.slice(10));
      const pages = [];
      for (let offset = 0; offset < 30; offset += 7) pages.push(await store.listContacts(group.group_id, offset, 7));
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4, 0]);
      expect(pages.flat()).toEqual(contacts);
    });

    it("the same phone in two groups is two contacts", async () => {
      const { store } = fixture();
      const [g1, g2] = [await newGroup(store), await newGroup(store)];
      const contact = aContact();
      await store.upsertContacts(g1.group_id, [contact]);
      expect(await store.upsertContacts(g2.group_id, [{ ...contact, name: "Other" }])).toEqual({ inserted: 1, updated: 0 });
      expect(await store.listContacts(g1.group_id, 0, 10)).toEqual([contact]);
    });

    it("an upsert of no contacts is a no-op", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      expect(await store.upsertContacts(group.group_id, [])).toEqual({ inserted: 0, updated: 0 });
      expect(await store.countContacts(group.group_id)).toBe(0);
    });

    it("takes a large import in one call", async () => {
      const { store } = fixture();
      const group = await newGroup(store);
      const contacts = Array.from({ length: 5_000 }, () => aContact());
      expect(await store.upsertContacts(group.group_id, contacts)).toEqual({ inserted: 5_000, updated: 0 });
      expect(await store.countContacts(group.group_id)).toBe(5_000);
      expect((await store.listContacts(group.group_id, 4_998, 10)).map((c) => c.phone))
        .toEqual(contacts.slice(4_998).map((c) => c.phone));
    });

    it("suppress counts only numbers new to the workspace's list", async () => {
      const { store } = fixture();
      const ws = freshId("ws");
      const [p1, p2, p3] = [aContact().phone, aContact().phone, aContact().phone];
      expect(await store.suppress(ws, [p1, p2])).toBe(2);
      expect(await store.suppress(ws, [p2, p3])).toBe(1);
      expect(await store.suppress(ws, [])).toBe(0);
    });

    it("suppressed answers the suppressed subset, per workspace", async () => {
      const { store } = fixture();
      const [ws, other] = [freshId("ws"), freshId("ws")];
      const [p1, p2, p3] = [aContact().phone, aContact().phone, aContact().phone];
      await store.suppress(ws, [p1, p3]);
      expect(await store.suppressed(ws, [p1, p2, p3])).toEqual(new Set([p1, p3]));
      expect(await store.suppressed(other, [p1, p2, p3])).toEqual(new Set());
      expect(await store.suppressed(ws, [])).toEqual(new Set());
    });

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const group = await newGroup(store);
        const contact = aContact();
        await store.upsertContacts(group.group_id, [contact]);
        await store.suppress(group.workspace_id, [contact.phone]);
        return { group, contact };
      }, {
        insertGroup: (store) => store.insertGroup(aGroup()),
        getGroup: (store, s) => store.getGroup(s.group.group_id),
        upsertContacts: (store, s) => store.upsertContacts(s.group.group_id, [aContact()]),
        countContacts: (store, s) => store.countContacts(s.group.group_id),
        listContacts: (store, s) => store.listContacts(s.group.group_id, 0, 10),
        suppress: (store, s) => store.suppress(s.group.workspace_id, [aContact().phone]),
        suppressed: (store, s) => store.suppressed(s.group.workspace_id, [s.contact.phone]),
      });
    });
  });
}
