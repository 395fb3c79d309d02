import { describe, expect, it } from "vitest";
import type { Ledger } from "../../core/ports/ledger.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { freshId } from "./fixtures.ts";

/** A `Ledger` under test. */
export type LedgerFixture = StoreFixture<Ledger>;

/**
 * The `Ledger` contract: balance arithmetic, idempotency of every operation per key or (run, reason), atomic
 * reservations, and reserved = consumed + refunded + held (held never negative) for every run at all times.
 * For use under vitest only: call it at the top level of a test file.
 */
export function ledgerContract(name: string, factory: () => Promise<LedgerFixture>, capabilities: ContractCapabilities = {}): void {
  describe(`${name}: Ledger contract`, () => {
    const fixture = useFixture(factory);

    /** A fresh workspace holding `units`. */
    async function funded(ledger: Ledger, units: number): Promise<string> {
      const ws = freshId("ws");
      expect(await ledger.credit(ws, units, freshId("credit"))).toBe(true);
      return ws;
    }

    /** The run's totals, after checking that the reservation never holds a negative amount. */
    async function totalsOf(ledger: Ledger, runId: string) {
      const t = await ledger.totals(runId);
      expect(t.reserved - t.consumed - t.refunded).toBeGreaterThanOrEqual(0);
      return t;
    }

    it("a workspace never credited has a zero balance, a run never reserved zero totals", async () => {
      const { store } = fixture();
      expect(await store.balance(freshId("ws"))).toBe(0);
      expect(await store.totals(freshId("run"))).toEqual({ reserved: 0, consumed: 0, refunded: 0 });
    });

    it("credits add up once per key", async () => {
      const { store } = fixture();
      const ws = freshId("ws");
      const key = freshId("credit");
      expect(await store.credit(ws, 100, key)).toBe(true);
      expect(await store.credit(ws, 100, key)).toBe(false);
      expect(await store.credit(ws, 50, freshId("credit"))).toBe(true);
      expect(await store.balance(ws)).toBe(150);
    });

    it("of concurrent credits with one key exactly one applies", async () => {
      const { store } = fixture();
      const ws = freshId("ws");
      const key = freshId("credit");
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.credit(ws, 10, key)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await store.balance(ws)).toBe(10);
    });

    it("balances are per workspace", async () => {
      const { store } = fixture();
      const [a, b] = [await funded(store, 100), await funded(store, 7)];
      await store.reserve(a, freshId("run"), 30);
      expect(await store.balance(a)).toBe(70);
      expect(await store.balance(b)).toBe(7);
    });

    it("reserves once per run: a repeat is already_reserved and changes nothing", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      expect(await store.reserve(ws, run, 40)).toBe("reserved");
      expect(await store.reserve(ws, run, 40)).toBe("already_reserved");
      expect(await store.reserve(ws, run, 10)).toBe("already_reserved");
      expect(await store.balance(ws)).toBe(60);
      expect(await totalsOf(store, run)).toEqual({ reserved: 40, consumed: 0, refunded: 0 });
    });

    it("a reservation of exactly the balance succeeds", async () => {
      const { store } = fixture();
      const ws = await funded(store, 25);
      expect(await store.reserve(ws, freshId("run"), 25)).toBe("reserved");
      expect(await store.balance(ws)).toBe(0);
    });

    it("an insufficient reservation writes nothing, so the run can reserve once funded", async () => {
      const { store } = fixture();
      const ws = await funded(store, 10);
      const run = freshId("run");
      expect(await store.reserve(ws, run, 11)).toBe("insufficient");
      expect(await store.balance(ws)).toBe(10);
      expect(await store.totals(run)).toEqual({ reserved: 0, consumed: 0, refunded: 0 });
      await store.credit(ws, 1, freshId("credit"));
      expect(await store.reserve(ws, run, 11)).toBe("reserved");
      expect(await store.balance(ws)).toBe(0);
    });

    it("concurrent reservations never overdraw the balance", async () => {
      const { store } = fixture();
      const ws = await funded(store, 10);
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.reserve(ws, freshId("run"), 3)));
      expect(outcomes.filter((o) => o === "reserved")).toHaveLength(3);
      expect(outcomes.filter((o) => o === "insufficient")).toHaveLength(3);
      expect(await store.balance(ws)).toBe(1);
    });

    it("of concurrent reservations for one run exactly one reserves", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.reserve(ws, run, 10)));
      expect(outcomes.filter((o) => o === "reserved")).toHaveLength(1);
      expect(await store.balance(ws)).toBe(90);
    });

    it("consumption draws from the reservation once per entry key, not from the balance", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 20);
      await store.consume(ws, run, [{ key: "0", units: 2 }, { key: "1", units: 3 }]);
      await store.consume(ws, run, [{ key: "1", units: 3 }, { key: "2", units: 1 }]);
      await store.consume(ws, run, []);
      expect(await totalsOf(store, run)).toEqual({ reserved: 20, consumed: 6, refunded: 0 });
      expect(await store.balance(ws)).toBe(80);
    });

    it("concurrent consumption of the same keys counts each key once", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 50);
      const entries = Array.from({ length: 10 }, (_, i) => ({ key: String(i), units: 2 }));
      await Promise.all(Array.from({ length: 5 }, () => store.consume(ws, run, entries)));
      expect(await totalsOf(store, run)).toEqual({ reserved: 50, consumed: 20, refunded: 0 });
    });

    it("consumption beyond what the reservation holds tops it up from the balance", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 5);
      await store.consume(ws, run, [{ key: "0", units: 3 }, { key: "1", units: 4 }]);
      expect(await totalsOf(store, run)).toEqual({ reserved: 7, consumed: 7, refunded: 0 });
      expect(await store.balance(ws)).toBe(93);
    });

    it("refundRemainder gives back what is held, once per reason", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 10);
      await store.consume(ws, run, [{ key: "0", units: 4 }]);
      expect(await store.refundRemainder(ws, run, "final")).toBe(6);
      expect(await store.refundRemainder(ws, run, "final")).toBeNull();
      expect(await store.refundRemainder(ws, run, "cancelled")).toBe(0);
      expect(await totalsOf(store, run)).toEqual({ reserved: 10, consumed: 4, refunded: 6 });
      expect(await store.balance(ws)).toBe(96);
    });

    it("of concurrent refunds with one reason exactly one applies", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 10);
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => store.refundRemainder(ws, run, "final")));
      expect(outcomes.filter((o) => o !== null)).toEqual([10]);
      expect(await store.balance(ws)).toBe(100);
    });

    it("a refund for a run that reserved nothing gives back nothing", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      expect(await store.refundRemainder(ws, freshId("run"), "final")).toBe(0);
      expect(await store.balance(ws)).toBe(100);
    });

    it("a message sent after the refund is drawn from the balance and the totals still add up", async () => {
      const { store } = fixture();
      const ws = await funded(store, 100);
      const run = freshId("run");
      await store.reserve(ws, run, 10);
      await store.consume(ws, run, [{ key: "0", units: 4 }]);
      await store.refundRemainder(ws, run, "final");
      await store.consume(ws, run, [{ key: "1", units: 2 }, { key: "0", units: 4 }]);
      expect(await totalsOf(store, run)).toEqual({ reserved: 12, consumed: 6, refunded: 6 });
      expect(await store.balance(ws)).toBe(94);
      expect(await store.refundRemainder(ws, run, "late")).toBe(0);
    });

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const ws = await funded(store, 100);
        const run = freshId("run");
        await store.reserve(ws, run, 10);
        return { ws, run };
      }, {
        credit: (store, s) => store.credit(s.ws, 1, freshId("credit")),
        balance: (store, s) => store.balance(s.ws),
        reserve: (store, s) => store.reserve(s.ws, freshId("run"), 1),
        consume: (store, s) => store.consume(s.ws, s.run, [{ key: "0", units: 1 }]),
        refundRemainder: (store, s) => store.refundRemainder(s.ws, s.run, "final"),
        totals: (store, s) => store.totals(s.run),
      });
    });
  });
}
