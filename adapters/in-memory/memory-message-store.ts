import type { Message, MessageCounts, MessageStatus, Millis } from "../../core/domain/model.ts";
import { ZERO_COUNTS } from "../../core/domain/model.ts";
import { canMoveMessage } from "../../core/domain/message-state.ts";
import type { DeliveryReportOutcome, MessageStore, SendResult } from "../../core/ports/message-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryMessageStore implements MessageStore {
  readonly availability = new Availability("message store");
  /** Rows of each run, indexed by seq. */
  readonly #runs = new Map<string, Message[]>();
  readonly #byProviderId = new Map<string, { runId: string; seq: number }>();
  /** Delivery reports that arrived before their send was recorded. */
  readonly #early = new Map<string, "DELIVERED" | "FAILED">();

  async insertMany(messages: readonly Message[]): Promise<void> {
    this.availability.check();
    for (const m of messages) {
      const rows = this.#runs.get(m.run_id) ?? [];
      this.#runs.set(m.run_id, rows);
      if (!rows[m.seq]) rows[m.seq] = m;
    }
  }

  async deleteRun(runId: string): Promise<void> {
    this.availability.check();
    this.#runs.delete(runId);
  }

  async takeBatch(runId: string, fence: number, limit: number, now: Millis): Promise<Message[]> {
    this.availability.check();
    const rows = this.#runs.get(runId) ?? [];
    const taken: Message[] = [];
    for (const wanted of ["QUEUED", "PENDING"] as const) {
      for (const m of rows) {
        if (taken.length >= limit) break;
        // A row's fence only grows: a stale holder cannot take back its successor's rows.
        if (m.status !== wanted || m.fence > fence) continue;
        const next: Message = { ...m, status: "QUEUED", fence, updated_at: now };
        rows[m.seq] = next;
        taken.push(next);
      }
    }
    return taken.sort((a, b) => a.seq - b.seq);
  }

  async recordResults(runId: string, fence: number, results: readonly SendResult[], now: Millis): Promise<number> {
    this.availability.check();
    const rows = this.#runs.get(runId) ?? [];
    let changed = 0;
    for (const r of results) {
      const m = rows[r.seq];
      if (!m || m.status !== "QUEUED" || m.fence !== fence) continue;
      let next: Message = { ...m, status: r.status, provider_message_id: r.provider_message_id, error: r.error, updated_at: now };
      if (r.provider_message_id !== null) {
        this.#byProviderId.set(r.provider_message_id, { runId, seq: r.seq });
        const early = this.#early.get(r.provider_message_id);
        if (early && next.status === "SENT") {
          next = { ...next, status: early };
          this.#early.delete(r.provider_message_id);
        }
      }
      rows[r.seq] = next;
      changed++;
    }
    return changed;
  }

  async releaseQueued(runId: string, fence: number, seqs: readonly number[], now: Millis): Promise<void> {
    this.availability.check();
    const rows = this.#runs.get(runId) ?? [];
    for (const seq of seqs) {
      const m = rows[seq];
      if (m && m.status === "QUEUED" && m.fence === fence) rows[seq] = { ...m, status: "PENDING", updated_at: now };
    }
  }

  async counts(runId: string): Promise<MessageCounts> {
    this.availability.check();
    const counts: Record<MessageStatus, number> = { ...ZERO_COUNTS };
    for (const m of this.#runs.get(runId) ?? []) if (m) counts[m.status]++;
    return counts;
  }

  async sumParts(runId: string, statuses: readonly MessageStatus[]): Promise<number> {
    this.availability.check();
    let sum = 0;
    for (const m of this.#runs.get(runId) ?? []) if (m && statuses.includes(m.status)) sum += m.parts;
    return sum;
  }

  async list(runId: string, options: { status?: MessageStatus; afterSeq: number; limit: number }): Promise<Message[]> {
    this.availability.check();
    const out: Message[] = [];
    for (const m of this.#runs.get(runId) ?? []) {
      if (out.length >= options.limit) break;
      if (!m || m.seq <= options.afterSeq) continue;
      if (options.status && m.status !== options.status) continue;
      out.push(m);
    }
    return out;
  }

  async applyDeliveryReport(providerMessageId: string, status: "DELIVERED" | "FAILED", now: Millis): Promise<DeliveryReportOutcome> {
    this.availability.check();
    const at = this.#byProviderId.get(providerMessageId);
    const rows = at ? this.#runs.get(at.runId) : undefined;
    const m = at && rows ? rows[at.seq] : undefined;
    if (!at || !rows || !m) {
      if (!this.#early.has(providerMessageId)) this.#early.set(providerMessageId, status);
      return "unknown";
    }
    if (!canMoveMessage(m.status, status) || m.status !== "SENT") return "ignored";
    rows[at.seq] = { ...m, status, updated_at: now };
    return "applied";
  }
}
