export interface RunTotals {
  readonly reserved: number;
  readonly consumed: number;
  readonly refunded: number;
}

export type ReserveOutcome = "reserved" | "already_reserved" | "insufficient";

/**
 * Units per workspace. Every operation is idempotent per (run, reason) or per key: repeating it changes nothing.
 * Balance = credits - reservations + refunds; consumption draws from a run's reservation.
 */
export interface Ledger {
  /** Adds units to a workspace once per `key`. Returns false when that key was already applied. */
  credit(workspaceId: string, units: number, key: string): Promise<boolean>;
  balance(workspaceId: string): Promise<number>;
  /** Reserves `units` for a run, once; `insufficient` (and nothing written) when the balance is short. */
  reserve(workspaceId: string, runId: string, units: number): Promise<ReserveOutcome>;
  /** Records consumption of units from a run's reservation, once per entry key. */
  consume(workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]): Promise<void>;
  /** Gives `units` back to the workspace for a run, once. Returns false when it was already refunded. */
  refund(workspaceId: string, runId: string, units: number): Promise<boolean>;
  totals(runId: string): Promise<RunTotals>;
}
