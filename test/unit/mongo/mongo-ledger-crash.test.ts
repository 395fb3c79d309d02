import { fc, test } from "@fast-check/vitest";
import type { Db } from "mongodb";
import { describe, expect, it } from "vitest";
import { MemoryLedger } from "../../../adapters/in-memory/memory-ledger.ts";
import { ensureIndexes } from "../../../adapters/mongo/ensure-indexes.ts";
import { MongoLedger } from "../../../adapters/mongo/mongo-ledger.ts";
import { COLLECTIONS } from "../../../adapters/mongo/documents/collections.documents.ts";
import type { Ledger } from "../../../core/ports/ledger.port.ts";
import { FakeDb, SimulatedCrash } from "./fake-db.ts";

async function simulatedLedger() {
  const fake = new FakeDb();
  await ensureIndexes(fake as unknown as Db);
  return { fake, ledger: new MongoLedger(fake as unknown as Db) };
}

/** Runs `call` with the process dying before its n-th write (0: never); says whether it died, else its answer. */
async function crashing(fake: FakeDb, n: number, call: () => Promise<unknown>): Promise<{ died: boolean; value?: unknown }> {
  fake.server.crashBeforeWrite(n);
  try {
    return { died: false, value: await call() };
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) throw error;
    return { died: true };
  } finally {
    fake.server.crashBeforeWrite(0);
  }
}

describe("MongoLedger across crashes (simulated driver)", () => {
  it("a crash after the balance write but before the journal counts the units once; the retry says already applied", async () => {
    const { fake, ledger } = await simulatedLedger();
    await ledger.credit("ws", 100, "seed");
    // Writes of a reserve on an existing account: 1 = the account update, 2 = the journal insert, 3 = the pull.
    expect((await crashing(fake, 2, () => ledger.reserve("ws", "run-1", 30))).died).toBe(true);
    expect(await ledger.balance("ws")).toBe(70);
    expect(fake.collection(COLLECTIONS.ledgerAccounts).docs[0]?.["pending"]).toHaveLength(1);
    expect(await ledger.reserve("ws", "run-1", 30)).toBe("already_reserved");
    expect(await ledger.balance("ws")).toBe(70);
    expect(await ledger.totals("run-1")).toEqual({ reserved: 30, consumed: 0, refunded: 0 });
    expect(fake.collection(COLLECTIONS.ledgerAccounts).docs[0]?.["pending"]).toEqual([]);
  });

  it("a crash before the balance write applies nothing; the retry applies once", async () => {
    const { fake, ledger } = await simulatedLedger();
    await ledger.credit("ws", 100, "seed");
    expect((await crashing(fake, 1, () => ledger.refundRemainder("ws", "run-1", "final"))).died).toBe(true);
    expect((await crashing(fake, 1, () => ledger.credit("ws", 5, "bonus"))).died).toBe(true);
    expect(await ledger.balance("ws")).toBe(100);
    expect(await ledger.credit("ws", 5, "bonus")).toBe(true);
    expect(await ledger.balance("ws")).toBe(105);
  });

  it("totals of a run include entries a crashed call applied but never journalled", async () => {
    const { fake, ledger } = await simulatedLedger();
    await ledger.credit("ws", 100, "seed");
    await ledger.reserve("ws", "run-1", 10);
    expect((await crashing(fake, 2, () => ledger.consume("ws", "run-1", [{ key: "0", units: 4 }]))).died).toBe(true);
    expect(await ledger.totals("run-1")).toEqual({ reserved: 10, consumed: 4, refunded: 0 });
    expect(await ledger.refundRemainder("ws", "run-1", "final")).toBe(6);
  });

  const op = fc.oneof(
    fc.record({ kind: fc.constant("credit" as const), ws: fc.constantFrom("w1", "w2"), units: fc.nat(50), key: fc.constantFrom("a", "b", "c") }),
    fc.record({ kind: fc.constant("reserve" as const), ws: fc.constantFrom("w1", "w2"), run: fc.constantFrom("r1", "r2", "r3"), units: fc.nat(40) }),
    fc.record({
      kind: fc.constant("consume" as const),
      ws: fc.constantFrom("w1", "w2"),
      run: fc.constantFrom("r1", "r2", "r3"),
      entries: fc.array(fc.record({ key: fc.constantFrom("0", "1", "2", "3"), units: fc.nat(6) }), { maxLength: 4 }),
    }),
    fc.record({ kind: fc.constant("refund" as const), ws: fc.constantFrom("w1", "w2"), run: fc.constantFrom("r1", "r2", "r3"), reason: fc.constantFrom("final", "cancel") }),
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

  function perform(ledger: Ledger, o: Op): Promise<unknown> {
    switch (o.kind) {
      case "credit":
        return ledger.credit(o.ws, o.units, o.key);
      case "reserve":
        return ledger.reserve(o.ws, o.run, o.units);
      case "consume":
        return ledger.consume(o.ws, o.run, o.entries);
      case "refund":
        return ledger.refundRemainder(o.ws, o.run, o.reason);
    }
  }

  test.prop([fc.array(fc.record({ op, crashAt: fc.nat(4) }), { maxLength: 14 })], { numRuns: 60 })(
    "with crashes at any write and retries, balances and run totals end as the in-memory ledger's, never double-applied",
    async (steps) => {
      const { fake, ledger } = await simulatedLedger();
      const memory = new MemoryLedger();
      for (const { op: o, crashAt } of steps) {
        const expected = await perform(memory, o);
        const attempt = await crashing(fake, crashAt, () => perform(ledger, o));
        // The engine repeats an operation that did not answer; its answer then may be "already applied".
        if (attempt.died) await perform(ledger, o);
        else expect(attempt.value).toEqual(expected);
        for (const ws of ["w1", "w2"]) expect(await ledger.balance(ws)).toBe(await memory.balance(ws));
        for (const run of ["r1", "r2", "r3"]) expect(await ledger.totals(run)).toEqual(await memory.totals(run));
      }
    },
  );
});
