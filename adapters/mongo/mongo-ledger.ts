import type { Collection, Db } from "mongodb";
import type { Ledger, ReserveOutcome, RunTotals } from "../../core/ports/ledger.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import {
  type AccountDoc,
  accountApplyFilter,
  accountApplyUpdate,
  accountsPendingForRunFilter,
  accountPullUpdate,
  entryKey,
  type LedgerEntry,
  newAccountDoc,
  type Plan,
  planConsume,
  planCredit,
  planRefund,
  planReserve,
  runTotalsPipeline,
  totalsFromGroups,
} from "./documents/ledger.documents.ts";
import { guarded, insertedDespiteDuplicates, isDuplicateKey } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "ledger";
/** A workspace's writes are optimistic; past this many lost races in one call something is wrong. */
const MAX_ATTEMPTS = 100;

/** What an operation sees before it decides: the account's balance as of the version it will write against. */
interface AccountState {
  readonly balance: number;
}

/**
 * The ledger on MongoDB without multi-document transactions (a standalone server has none): a per-workspace
 * account document holding the balance, and a journal of entries keyed by their idempotency key. How one
 * operation applies, and why a crash between its writes neither loses units nor applies them twice, is
 * described in `documents/ledger.documents.ts`.
 */
export class MongoLedger implements Ledger {
  readonly #accounts: Collection<AccountDoc>;
  readonly #entries: Collection<Stored>;

  constructor(db: Db) {
    this.#accounts = db.collection(COLLECTIONS.ledgerAccounts);
    this.#entries = db.collection(COLLECTIONS.ledgerEntries);
  }

  credit(workspaceId: string, units: number, key: string): Promise<boolean> {
    return this.#apply(workspaceId, async () => planCredit(workspaceId, units, key, await this.#existing([entryKey.credit(workspaceId, key)])));
  }

  balance(workspaceId: string): Promise<number> {
    return guarded(STORE, async () => (await this.#accounts.findOne({ _id: workspaceId }))?.balance ?? 0);
  }

  reserve(workspaceId: string, runId: string, units: number): Promise<ReserveOutcome> {
    return this.#apply(workspaceId, async (account) =>
      planReserve(workspaceId, runId, units, account.balance, await this.#existing([entryKey.reserve(runId)])));
  }

  consume(workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#apply(workspaceId, async () => {
      const keys = entries.flatMap((e) => [entryKey.consume(runId, e.key), entryKey.topup(runId, e.key)]);
      return planConsume(workspaceId, runId, await this.#runTotals(runId), await this.#existing(keys), entries);
    });
  }

  refundRemainder(workspaceId: string, runId: string, reason: string): Promise<number | null> {
    return this.#apply(workspaceId, async () =>
      planRefund(workspaceId, runId, reason, await this.#runTotals(runId), await this.#existing([entryKey.refund(runId, reason)])));
  }

  totals(runId: string): Promise<RunTotals> {
    return guarded(STORE, async () => {
      // Entries applied by a call that crashed before journalling them are journalled first.
      for (const account of await this.#accounts.find(accountsPendingForRunFilter(runId)).toArray()) {
        await this.#journal(account._id, account.pending);
      }
      return this.#runTotals(runId);
    });
  }

  /** Read, journal leftovers, decide, write conditionally on the version read; start over on a lost race. */
  #apply<R>(workspaceId: string, decide: (account: AccountState) => Promise<Plan<R>>): Promise<R> {
    return guarded(STORE, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const account = await this.#accounts.findOne({ _id: workspaceId });
        if (account && account.pending.length > 0) await this.#journal(workspaceId, account.pending);
        const plan = await decide({ balance: account?.balance ?? 0 });
        if (plan.entries.length === 0) return plan.result;
        if (!(await this.#write(workspaceId, account, plan))) continue;
        await this.#journal(workspaceId, plan.entries);
        return plan.result;
      }
      throw new Error(`ledger: gave up after ${MAX_ATTEMPTS} conflicting writes on workspace ${workspaceId}`);
    });
  }

  /** The one write that changes the balance; false when another write got in first. */
  async #write<R>(workspaceId: string, account: AccountDoc | null, plan: Plan<R>): Promise<boolean> {
    if (account === null) {
      try {
        await this.#accounts.insertOne(newAccountDoc(workspaceId, plan.entries));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await this.#accounts.updateOne(
      accountApplyFilter(workspaceId, account.version, plan.minBalance),
      accountApplyUpdate(plan.entries),
    );
    return result.matchedCount === 1;
  }

  /** Copies applied entries into the journal (already-journalled ones are skipped), then drops them from pending. */
  async #journal(workspaceId: string, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.#entries.insertMany(entries.map((e) => ({ ...e })), { ordered: false });
    } catch (error) {
      insertedDespiteDuplicates(error);
    }
    await this.#accounts.updateOne({ _id: workspaceId }, accountPullUpdate(entries.map((e) => e._id)));
  }

  async #existing(keys: readonly string[]): Promise<Set<string>> {
    const docs = await this.#entries.find({ _id: { $in: [...keys] } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  async #runTotals(runId: string): Promise<RunTotals> {
    return totalsFromGroups(await this.#entries.aggregate(runTotalsPipeline(runId)).toArray());
  }
}
