/**
 * The ledger's documents and its pure decisions. Two collections:
 * - `ledger_accounts`: one per workspace, `{ _id: workspace_id, balance, version, pending: LedgerEntry[] }`;
 * - `ledger_entries`: the journal, one document per applied entry, `_id` = the entry key (unique by itself).
 *
 * How one operation applies (see `MongoLedger`): read the account (version v), move any `pending` entries into
 * the journal, decide from the journal what to write (the `plan*` functions below, in the in-memory ledger's
 * order), then ONE conditional update of the account that requires version v, adds the entries' delta to
 * `balance` and pushes the entries onto `pending`; finally insert them into the journal (duplicates ignored)
 * and pull them from `pending`.
 *
 * Why a crash cannot double-apply or lose units: the balance change and the record of which keys it applied
 * are the same atomic write (the account update). Until an entry is in the journal it stays in `pending`, and
 * every later operation on the workspace first copies `pending` into the journal, so an interrupted operation
 * is completed by the next one. Deciding "this key is new" and applying it cannot be split by another writer:
 * any write in between bumps `version`, the conditional update then matches nothing, and the operation starts
 * over. The version check also keeps `reserve` from overdrawing: the balance it checked is the balance it
 * changes (the filter also states `balance >= units` outright).
 * @module
 */
import type { Document, Filter, UpdateFilter } from "mongodb";
import type { ReserveOutcome, RunTotals } from "../../../core/ports/ledger.port.ts";

export type EntryKind = "credit" | "reserve" | "consume" | "refund";

/** One journal entry; `_id` is its idempotency key. A top-up is a `reserve` entry with its own key. */
export interface LedgerEntry {
  readonly _id: string;
  readonly workspace_id: string;
  readonly run_id: string | null;
  readonly kind: EntryKind;
  readonly units: number;
}

/** A workspace's account document. */
export interface AccountDoc {
  _id: string;
  balance: number;
  version: number;
  pending: LedgerEntry[];
}

/** Entry keys, the same strings the in-memory ledger uses. */
export const entryKey = {
  credit: (workspaceId: string, key: string) => `credit:${workspaceId}:${key}`,
  reserve: (runId: string) => `reserve:${runId}`,
  consume: (runId: string, key: string) => `consume:${runId}:${key}`,
  topup: (runId: string, key: string) => `topup:${runId}:${key}`,
  refund: (runId: string, reason: string) => `refund:${runId}:${reason}`,
};

/** Balance = credits - reservations + refunds; consumption draws from a reservation, not the balance. */
export function balanceDelta(entries: readonly LedgerEntry[]): number {
  let delta = 0;
  for (const e of entries) delta += e.kind === "credit" || e.kind === "refund" ? e.units : e.kind === "reserve" ? -e.units : 0;
  return delta;
}

/** Units a run's reservation still holds. */
export function held(t: RunTotals): number {
  return t.reserved - t.consumed - t.refunded;
}

/** Per-kind sums of a run's journal entries (covered by the `ledger_entries_run_totals` index). */
export function runTotalsPipeline(runId: string): Document[] {
  return [{ $match: { run_id: runId } }, { $group: { _id: "$kind", units: { $sum: "$units" } } }];
}

export function totalsFromGroups(groups: readonly Document[]): RunTotals {
  const by = new Map(groups.map((g) => [g["_id"], g["units"] as number]));
  return { reserved: by.get("reserve") ?? 0, consumed: by.get("consume") ?? 0, refunded: by.get("refund") ?? 0 };
}

/** What an operation writes (possibly nothing) and answers, and the least balance its write requires. */
export interface Plan<R> {
  readonly entries: readonly LedgerEntry[];
  readonly result: R;
  readonly minBalance: number | null;
}

export function planCredit(workspaceId: string, units: number, key: string, existing: ReadonlySet<string>): Plan<boolean> {
  const id = entryKey.credit(workspaceId, key);
  if (existing.has(id)) return { entries: [], result: false, minBalance: null };
  return { entries: [{ _id: id, workspace_id: workspaceId, run_id: null, kind: "credit", units }], result: true, minBalance: null };
}

export function planReserve(
  workspaceId: string,
  runId: string,
  units: number,
  balance: number,
  existing: ReadonlySet<string>,
): Plan<ReserveOutcome> {
  const id = entryKey.reserve(runId);
  if (existing.has(id)) return { entries: [], result: "already_reserved", minBalance: null };
  if (balance < units) return { entries: [], result: "insufficient", minBalance: null };
  return { entries: [{ _id: id, workspace_id: workspaceId, run_id: runId, kind: "reserve", units }], result: "reserved", minBalance: units };
}

/**
 * The in-memory ledger's consume loop over plain data: each new key consumes; consumption beyond what the
 * reservation still holds is first topped up from the balance (which may go below zero: the units left).
 */
export function planConsume(
  workspaceId: string,
  runId: string,
  totals: RunTotals,
  existing: ReadonlySet<string>,
  entries: readonly { key: string; units: number }[],
): Plan<void> {
  const out: LedgerEntry[] = [];
  const seen = new Set(existing);
  let t = totals;
  for (const e of entries) {
    const id = entryKey.consume(runId, e.key);
    if (seen.has(id)) continue;
    const h = held(t);
    if (e.units > h) {
      const topId = entryKey.topup(runId, e.key);
      if (!seen.has(topId)) {
        const topUp = e.units - Math.max(h, 0);
        out.push({ _id: topId, workspace_id: workspaceId, run_id: runId, kind: "reserve", units: topUp });
        seen.add(topId);
        t = { ...t, reserved: t.reserved + topUp };
      }
    }
    out.push({ _id: id, workspace_id: workspaceId, run_id: runId, kind: "consume", units: e.units });
    seen.add(id);
    t = { ...t, consumed: t.consumed + e.units };
  }
  return { entries: out, result: undefined, minBalance: null };
}

export function planRefund(
  workspaceId: string,
  runId: string,
  reason: string,
  totals: RunTotals,
  existing: ReadonlySet<string>,
): Plan<number | null> {
  const id = entryKey.refund(runId, reason);
  if (existing.has(id)) return { entries: [], result: null, minBalance: null };
  const units = Math.max(held(totals), 0);
  return { entries: [{ _id: id, workspace_id: workspaceId, run_id: runId, kind: "refund", units }], result: units, minBalance: null };
}

/** The account as it was read (version v); any write in between makes this filter match nothing. */
export function accountApplyFilter(workspaceId: string, version: number, minBalance: number | null): Filter<AccountDoc> {
  return { _id: workspaceId, version, ...(minBalance !== null && minBalance > 0 ? { balance: { $gte: minBalance } } : {}) };
}

/** Applies the entries' delta and records them as pending, in one atomic write. */
export function accountApplyUpdate(entries: readonly LedgerEntry[]): UpdateFilter<AccountDoc> {
  return { $inc: { balance: balanceDelta(entries), version: 1 }, $push: { pending: { $each: [...entries] } } };
}

/** The first write of a workspace: the account does not exist yet (an insert; a racing insert fails on `_id`). */
export function newAccountDoc(workspaceId: string, entries: readonly LedgerEntry[]): AccountDoc {
  return { _id: workspaceId, balance: balanceDelta(entries), version: 1, pending: [...entries] };
}

/** Once entries are in the journal they leave `pending`. */
export function accountPullUpdate(keys: readonly string[]): UpdateFilter<AccountDoc> {
  return { $pull: { pending: { _id: { $in: [...keys] } } } };
}

/** Accounts still holding entries of a run that were applied but not yet journalled (a crash in between). */
export function accountsPendingForRunFilter(runId: string): Filter<AccountDoc> {
  return { "pending.run_id": runId };
}
