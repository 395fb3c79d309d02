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
  /**
   * Records consumption of units from a run's reservation, once per entry key. Consumption beyond what the
   * reservation still holds (a message that left after the run's refund) is drawn from the balance by an
   * extra reservation, so reserved = consumed + refunded + still-held holds for every run at all times.
   */
  consume(workspaceId: string, runId: string, entries: readonly { key: string; units: number }[]): Promise<void>;
  /**
   * Gives back what the run's reservation still holds (reserved - consumed - refunded), once per
   * (run, reason). Returns the units refunded, or null when that reason was already applied.
   */
  refundRemainder(workspaceId: string, runId: string, reason: string): Promise<number | null>;
  totals(runId: string): Promise<RunTotals>;
}
