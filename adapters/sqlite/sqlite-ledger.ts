import type { Ledger, ReserveOutcome, RunTotals } from "../../core/ports/ledger.port.ts";
import { SqliteGate, type SqliteDb } from "./sqlite-database.ts";

type Kind = "credit" | "reserve" | "consume" | "refund";

/**
 * An append-only ledger keyed by entry key (a repeated key is a no-op), with running balances and run totals
 * kept in the same transaction as each entry. Every call is one `BEGIN IMMEDIATE` transaction, so a reserve
 * reads the balance and writes its entry with no other writer in between: two reserves cannot overdraw.
 * Entry keys and arithmetic are those of `MemoryLedger`.
 */
export class SqliteLedger implements Ledger {
  readonly #gate: SqliteGate;
  readonly #credit: (workspaceId: string, units: number, key: string) => boolean;
  readonly #reserve: (workspaceId: string, runId: string, units: number) => ReserveOutcome;
  readonly #consume: (workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]) => void;
  readonly #refund: (workspaceId: string, runId: string, reason: string) => number | null;
  readonly #balance: (workspaceId: string) => number;
  readonly #totals;

  constructor(db: SqliteDb) {
    this.#gate = new SqliteGate(db, "ledger");
    const insertEntry = db.prepare<[string, string, string | null, Kind, number]>(
      "INSERT OR IGNORE INTO ledger_entries (entry_key, workspace_id, run_id, kind, units) VALUES (?, ?, ?, ?, ?)",
    );
    const hasEntry = db.prepare<[string], number>("SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE entry_key = ?)").pluck();
    const addBalance = db.prepare<[string, number]>(
      "INSERT INTO ledger_balances (workspace_id, balance) VALUES (?, ?) " +
        "ON CONFLICT (workspace_id) DO UPDATE SET balance = balance + excluded.balance",
    );
    const addTotals = db.prepare<[string, number, number, number]>(
      "INSERT INTO ledger_run_totals (run_id, reserved, consumed, refunded) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (run_id) DO UPDATE SET reserved = reserved + excluded.reserved, " +
        "consumed = consumed + excluded.consumed, refunded = refunded + excluded.refunded",
    );
    const balance = db.prepare<[string], number>("SELECT balance FROM ledger_balances WHERE workspace_id = ?").pluck();
    this.#totals = db.prepare<[string], RunTotals>(
      "SELECT reserved, consumed, refunded FROM ledger_run_totals WHERE run_id = ?",
    );
    const totals = this.#totals;
    const balanceOf = (workspaceId: string) => balance.get(workspaceId) ?? 0;
    const held = (runId: string) => {
      const t = totals.get(runId);
      return t ? t.reserved - t.consumed - t.refunded : 0;
    };
    const add = (key: string, workspaceId: string, runId: string | null, kind: Kind, units: number): boolean => {
      if (insertEntry.run(key, workspaceId, runId, kind, units).changes === 0) return false;
      const delta = kind === "credit" || kind === "refund" ? units : kind === "reserve" ? -units : 0;
      if (delta !== 0) addBalance.run(workspaceId, delta);
      if (runId !== null) {
        addTotals.run(runId, kind === "reserve" ? units : 0, kind === "consume" ? units : 0, kind === "refund" ? units : 0);
      }
      return true;
    };

    this.#balance = balanceOf;
    this.#credit = db.transaction((workspaceId: string, units: number, key: string) =>
      add(`credit:${workspaceId}:${key}`, workspaceId, null, "credit", units)
    ).immediate;
    this.#reserve = db.transaction((workspaceId: string, runId: string, units: number): ReserveOutcome => {
      const key = `reserve:${runId}`;
      if (hasEntry.get(key) === 1) return "already_reserved";
      if (balanceOf(workspaceId) < units) return "insufficient";
      add(key, workspaceId, runId, "reserve", units);
      return "reserved";
    }).immediate;
    this.#consume = db.transaction((workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]) => {
      for (const e of entries) {
        const key = `consume:${runId}:${e.key}`;
        if (hasEntry.get(key) === 1) continue;
        // Consumption past what the run still holds (a message that left after the refund) draws a top-up.
        const stillHeld = held(runId);
        if (e.units > stillHeld) add(`topup:${runId}:${e.key}`, workspaceId, runId, "reserve", e.units - Math.max(stillHeld, 0));
        add(key, workspaceId, runId, "consume", e.units);
      }
    }).immediate;
    this.#refund = db.transaction((workspaceId: string, runId: string, reason: string) => {
      const key = `refund:${runId}:${reason}`;
      if (hasEntry.get(key) === 1) return null;
      const units = Math.max(held(runId), 0);
      add(key, workspaceId, runId, "refund", units);
      return units;
    }).immediate;
  }

  credit(workspaceId: string, units: number, key: string): Promise<boolean> {
    return this.#gate.call(() => this.#credit(workspaceId, units, key));
  }

  balance(workspaceId: string): Promise<number> {
    return this.#gate.call(() => this.#balance(workspaceId));
  }

  reserve(workspaceId: string, runId: string, units: number): Promise<ReserveOutcome> {
    return this.#gate.call(() => this.#reserve(workspaceId, runId, units));
  }

  consume(workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]): Promise<void> {
    return this.#gate.call(() => this.#consume(workspaceId, runId, entries));
  }

  refundRemainder(workspaceId: string, runId: string, reason: string): Promise<number | null> {
    return this.#gate.call(() => this.#refund(workspaceId, runId, reason));
  }

  totals(runId: string): Promise<RunTotals> {
    return this.#gate.call(() => {
      const t = this.#totals.get(runId);
      return t ? { reserved: t.reserved, consumed: t.consumed, refunded: t.refunded } : { reserved: 0, consumed: 0, refunded: 0 };
    });
  }
}
