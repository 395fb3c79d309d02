import { describe, expect, it } from "vitest";
import {
  type AccountDoc,
  accountApplyFilter,
  accountApplyUpdate,
  accountPullUpdate,
  accountsPendingForRunFilter,
  balanceDelta,
  entryKey,
  type LedgerEntry,
  newAccountDoc,
  planConsume,
  planCredit,
  planRefund,
  planReserve,
  runTotalsPipeline,
  totalsFromGroups,
} from "../../../adapters/mongo/documents/ledger.documents.ts";
import { aggregate, applied, matches } from "./mingo-kit.ts";

const entry = (kind: LedgerEntry["kind"], units: number, id = `${kind}:${units}`, run_id: string | null = "run-1"): LedgerEntry => ({
  _id: id,
  workspace_id: "ws",
  run_id,
  kind,
  units,
});
const account = (balance: number, version: number, pending: LedgerEntry[] = []): AccountDoc => ({ _id: "ws", balance, version, pending });
const none = { reserved: 0, consumed: 0, refunded: 0 };

describe("account documents", () => {
  it("the apply filter matches only the version read, and for a reserve only a balance that covers it", () => {
    expect(matches(accountApplyFilter("ws", 3, null), account(0, 3))).toBe(true);
    expect(matches(accountApplyFilter("ws", 3, null), account(0, 4))).toBe(false);
    expect(matches(accountApplyFilter("ws", 3, 10), account(10, 3))).toBe(true);
    expect(matches(accountApplyFilter("ws", 3, 10), account(9, 3))).toBe(false);
    expect(matches(accountApplyFilter("other", 3, null), account(0, 3))).toBe(false);
  });

  it("the apply update adds the entries' delta, bumps the version and records the entries as pending", () => {
    const entries = [entry("credit", 50, "c1", null), entry("reserve", 20), entry("consume", 5), entry("refund", 3)];
    const after = applied(account(10, 2, [entry("credit", 1, "old", null)]), accountApplyUpdate(entries));
    expect(after).toEqual({ _id: "ws", balance: 10 + 50 - 20 + 3, version: 3, pending: [entry("credit", 1, "old", null), ...entries] });
  });

  it("a new account starts at version 1 with the entries pending", () => {
    expect(newAccountDoc("ws", [entry("credit", 7, "c", null)])).toEqual(account(7, 1, [entry("credit", 7, "c", null)]));
  });

  it("the pull removes exactly the journalled keys from pending", () => {
    const pending = [entry("reserve", 1, "a"), entry("consume", 2, "b"), entry("refund", 3, "c")];
    expect(applied(account(0, 5, pending), accountPullUpdate(["a", "c"]))["pending"]).toEqual([pending[1]]);
  });

  it("finds the accounts that hold unjournalled entries of a run", () => {
    expect(matches(accountsPendingForRunFilter("run-1"), account(0, 1, [entry("consume", 1)]))).toBe(true);
    expect(matches(accountsPendingForRunFilter("run-2"), account(0, 1, [entry("consume", 1)]))).toBe(false);
  });

  it("consumption leaves the balance alone; credits and refunds add, reservations subtract", () => {
    expect(balanceDelta([entry("consume", 9)])).toBe(0);
    expect(balanceDelta([entry("credit", 5), entry("refund", 2), entry("reserve", 4)])).toBe(3);
  });
});

describe("run totals pipeline", () => {
  it("sums one run's entries per kind; top-ups count as reserved", () => {
    const journal = [
      entry("reserve", 10, "reserve:run-1"),
      entry("reserve", 2, "topup:run-1:7"),
      entry("consume", 4, "consume:run-1:0"),
      entry("consume", 3, "consume:run-1:1"),
      entry("refund", 5, "refund:run-1:final"),
      entry("reserve", 99, "reserve:run-2", "run-2"),
      entry("credit", 1000, "credit:ws:x", null),
    ];
    expect(totalsFromGroups(aggregate(journal, runTotalsPipeline("run-1")))).toEqual({ reserved: 12, consumed: 7, refunded: 5 });
    expect(totalsFromGroups(aggregate(journal, runTotalsPipeline("run-3")))).toEqual(none);
  });
});

describe("ledger plans (the in-memory ledger's decisions)", () => {
  it("a credit is new once per (workspace, key)", () => {
    expect(planCredit("ws", 5, "k", new Set())).toMatchObject({ result: true, entries: [{ _id: "credit:ws:k", units: 5 }] });
    expect(planCredit("ws", 5, "k", new Set(["credit:ws:k"]))).toEqual({ entries: [], result: false, minBalance: null });
  });

  it("a reserve is already_reserved, insufficient, or one entry that requires the balance to cover it", () => {
    expect(planReserve("ws", "run-1", 5, 100, new Set([entryKey.reserve("run-1")])).result).toBe("already_reserved");
    expect(planReserve("ws", "run-1", 11, 10, new Set())).toEqual({ entries: [], result: "insufficient", minBalance: null });
    expect(planReserve("ws", "run-1", 10, 10, new Set())).toEqual({
      entries: [entry("reserve", 10, "reserve:run-1")],
      result: "reserved",
      minBalance: 10,
    });
  });

  it("consumption skips known keys and repeats within the call, and tops up what the reservation lacks", () => {
    const plan = planConsume("ws", "run-1", { reserved: 5, consumed: 0, refunded: 0 }, new Set(["consume:run-1:9"]), [
      { key: "0", units: 3 },
      { key: "9", units: 1 },
      { key: "1", units: 4 },
      { key: "0", units: 3 },
    ]);
    expect(plan.entries).toEqual([
      entry("consume", 3, "consume:run-1:0"),
      entry("reserve", 2, "topup:run-1:1"),
      entry("consume", 4, "consume:run-1:1"),
    ]);
    expect(plan.minBalance).toBeNull();
  });

  it("after a refund, each late message is topped up in full", () => {
    const plan = planConsume("ws", "run-1", { reserved: 10, consumed: 4, refunded: 6 }, new Set(), [{ key: "1", units: 2 }]);
    expect(plan.entries).toEqual([entry("reserve", 2, "topup:run-1:1"), entry("consume", 2, "consume:run-1:1")]);
  });

  it("a refund gives back what is held, never less than zero, once per reason", () => {
    expect(planRefund("ws", "run-1", "final", { reserved: 10, consumed: 4, refunded: 0 }, new Set()).result).toBe(6);
    expect(planRefund("ws", "run-1", "late", { reserved: 10, consumed: 12, refunded: 0 }, new Set()).entries).toEqual([
      entry("refund", 0, "refund:run-1:late"),
    ]);
    expect(planRefund("ws", "run-1", "final", none, new Set(["refund:run-1:final"])).result).toBeNull();
  });
});
