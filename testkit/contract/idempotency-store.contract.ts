import { describe, expect, it } from "vitest";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { anIdempotencyRecord, freshId, HOUR, T0 } from "./fixtures.ts";

/** An `IdempotencyStore` under test. */
export type IdempotencyStoreFixture = StoreFixture<IdempotencyStore>;

/**
 * The `IdempotencyStore` contract: first writer wins while its record is live, an expired record is
 * replaceable, records are per workspace. For use under vitest only: call it at the top level of a test file.
 */
export function idempotencyStoreContract(
  name: string,
  factory: () => Promise<IdempotencyStoreFixture>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`${name}: IdempotencyStore contract`, () => {
    const fixture = useFixture(factory);
    const live = T0 - 24 * HOUR;

    it("gets null for a key never stored", async () => {
      expect(await fixture().store.get("ws_contract", freshId("key"), live)).toBeNull();
    });

    it("stores a record and gets it back field for field", async () => {
      const { store } = fixture();
      const record = anIdempotencyRecord({ body: "{\"data\":{\"campaign_id\":\"camp_1\"},\"é\":\"✓\"}", status: 409 });
      expect(await store.put(record, live)).toBe(true);
      expect(await store.get(record.workspace_id, record.key, live)).toEqual(record);
    });

    it("the first writer wins while its record is live", async () => {
      const { store } = fixture();
      const first = anIdempotencyRecord();
      const second = { ...first, fingerprint: "POST /v1/campaign sha256:other", body: "{}", created_at: T0 + 1 };
      expect(await store.put(first, live)).toBe(true);
      expect(await store.put(second, live)).toBe(false);
      expect(await store.get(first.workspace_id, first.key, live)).toEqual(first);
    });

    it("of concurrent writers of one key exactly one wins, and its record is kept", async () => {
      const { store } = fixture();
      const key = freshId("key");
      const records = Array.from({ length: 10 }, (_, i) => anIdempotencyRecord({ key, fingerprint: `fp-${i}` }));
      const outcomes = await Promise.all(records.map((r) => store.put(r, live)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = records[outcomes.indexOf(true)];
      expect(await store.get("ws_contract", key, live)).toEqual(winner);
    });

    it("a record older than notBefore is not returned", async () => {
      const { store } = fixture();
      const record = anIdempotencyRecord({ created_at: T0 });
      await store.put(record, live);
      expect(await store.get(record.workspace_id, record.key, T0)).toEqual(record);
      expect(await store.get(record.workspace_id, record.key, T0 + 1)).toBeNull();
    });

    it("an expired record is replaced by the next writer", async () => {
      const { store } = fixture();
      const old = anIdempotencyRecord({ created_at: T0 });
      const fresh = { ...old, fingerprint: "POST /v1/groups sha256:new", created_at: T0 + 25 * HOUR };
      await store.put(old, live);
      expect(await store.put(fresh, T0 + HOUR)).toBe(true);
      expect(await store.get(old.workspace_id, old.key, T0 + HOUR)).toEqual(fresh);
    });

    it("keys are per workspace", async () => {
      const { store } = fixture();
      const key = freshId("key");
      const a = anIdempotencyRecord({ workspace_id: freshId("ws"), key });
      const b = anIdempotencyRecord({ workspace_id: freshId("ws"), key, fingerprint: "other" });
      expect(await store.put(a, live)).toBe(true);
      expect(await store.put(b, live)).toBe(true);
      expect(await store.get(a.workspace_id, key, live)).toEqual(a);
      expect(await store.get(b.workspace_id, key, live)).toEqual(b);
    });

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const record = anIdempotencyRecord();
        await store.put(record, live);
        return record;
      }, {
        get: (store, r) => store.get(r.workspace_id, r.key, live),
        put: (store, r) => store.put({ ...r, key: freshId("key") }, live),
      });
    });
  });
}
