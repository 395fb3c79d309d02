import type { Ledger, ReserveOutcome, RunTotals } from "../../core/ports/ledger.port.ts";
import { Availability } from "./availability.ts";

interface Entry {
  readonly workspace_id: string;
  readonly run_id: string | null;
  readonly kind: "credit" | "reserve" | "consume" | "refund";
  readonly units: number;
}

/** An append-only ledger keyed by entry key; a repeated key is a no-op. */
export class MemoryLedger implements Ledger {
  readonly availability = new Availability("ledger");
  readonly #entries = new Map<string, Entry>();
  readonly #balances = new Map<string, number>();
  readonly #runTotals = new Map<string, RunTotals>();

  async credit(workspaceId: string, units: number, key: string): Promise<boolean> {
    this.availability.check();
    return this.#add(`credit:${workspaceId}:${key}`, { workspace_id: workspaceId, run_id: null, kind: "credit", units });
  }

  async balance(workspaceId: string): Promise<number> {
    this.availability.check();
    return this.#balance(workspaceId);
  }

  async reserve(workspaceId: string, runId: string, units: number): Promise<ReserveOutcome> {
    this.availability.check();
    const key = `reserve:${runId}`;
    if (this.#entries.has(key)) return "already_reserved";
    if (this.#balance(workspaceId) < units) return "insufficient";
    this.#add(key, { workspace_id: workspaceId, run_id: runId, kind: "reserve", units });
    return "reserved";
  }

  async consume(workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]): Promise<void> {
    this.availability.check();
    for (const e of entries) {
      const key = `consume:${runId}:${e.key}`;
      if (this.#entries.has(key)) continue;
      const held = this.#held(runId);
      if (e.units > held) {
        const topUp = e.units - Math.max(held, 0);
        this.#add(`topup:${runId}:${e.key}`, { workspace_id: workspaceId, run_id: runId, kind: "reserve", units: topUp });
      }
      this.#add(key, { workspace_id: workspaceId, run_id: runId, kind: "consume", units: e.units });
    }
  }

  async refundRemainder(workspaceId: string, runId: string, reason: string): Promise<number | null> {
    this.availability.check();
    const key = `refund:${runId}:${reason}`;
    if (this.#entries.has(key)) return null;
    const units = Math.max(this.#held(runId), 0);
    this.#add(key, { workspace_id: workspaceId, run_id: runId, kind: "refund", units });
    return units;
  }

  #held(runId: string): number {
    const t = this.#runTotals.get(runId);
    return t ? t.reserved - t.consumed - t.refunded : 0;
  }

  async totals(runId: string): Promise<RunTotals> {
    this.availability.check();
    return this.#runTotals.get(runId) ?? { reserved: 0, consumed: 0, refunded: 0 };
  }

  #add(key: string, entry: Entry): boolean {
    if (this.#entries.has(key)) return false;
    this.#entries.set(key, entry);
    const delta = entry.kind === "credit" || entry.kind === "refund" ? entry.units : entry.kind === "reserve" ? -entry.units : 0;
    this.#balances.set(entry.workspace_id, this.#balance(entry.workspace_id) + delta);
    if (entry.run_id !== null) {
      const t = this.#runTotals.get(entry.run_id) ?? { reserved: 0, consumed: 0, refunded: 0 };
      this.#runTotals.set(entry.run_id, {
        reserved: t.reserved + (entry.kind === "reserve" ? entry.units : 0),
        consumed: t.consumed + (entry.kind === "consume" ? entry.units : 0),
        refunded: t.refunded + (entry.kind === "refund" ? entry.units : 0),
      });
    }
    return true;
  }

  #balance(workspaceId: string): number {
    return this.#balances.get(workspaceId) ?? 0;
  }
}
