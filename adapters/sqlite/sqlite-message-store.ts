import type { Message, MessageCounts, MessageStatus, Millis } from "../../core/domain/model.ts";
import { ZERO_COUNTS } from "../../core/domain/model.ts";
import type { DeliveryReportOutcome, MessageStore, SendResult } from "../../core/ports/message-store.port.ts";
import { fromMessageRow, MESSAGE_COLUMNS, type MessageRow, toMessageRow } from "./message-codec.ts";
import { SqliteGate, type SqliteDb } from "./sqlite-database.ts";

type Take = { run: string; fence: number; now: number; limit: number };

/**
 * Re-fences up to `limit` rows of one status in seq order; (run_id, status, seq) serves the subquery. A row's fence
 * only grows: a holder whose lease was taken over cannot take back its successor's rows.
 */
const takeSql = (status: "QUEUED" | "PENDING") =>
  `UPDATE messages SET status = 'QUEUED', fence = @fence, updated_at = @now WHERE run_id = @run AND seq IN (` +
  `SELECT seq FROM messages WHERE run_id = @run AND status = '${status}' AND fence <= @fence ORDER BY seq LIMIT @limit) RETURNING *`;

/**
 * Recipients and their messages, keyed by (run_id, seq). Each bulk call (insert, take, record, release) is one
 * `BEGIN IMMEDIATE` transaction of prepared statements.
 */
export class SqliteMessageStore implements MessageStore {
  readonly #gate: SqliteGate;
  readonly #insertMany: (messages: readonly Message[]) => void;
  readonly #takeBatch: (take: Take) => Message[];
  readonly #record: (runId: string, fence: number, results: readonly SendResult[], now: number) => number;
  readonly #release: (runId: string, fence: number, seqs: readonly number[], now: number) => void;
  readonly #report: (providerId: string, status: "DELIVERED" | "FAILED", now: number) => DeliveryReportOutcome;
  readonly #deleteRun;
  readonly #counts;
  readonly #sumParts;
  readonly #list;
  readonly #listStatus;

  constructor(db: SqliteDb) {
    this.#gate = new SqliteGate(db, "message store");
    const insert = db.prepare<[MessageRow]>(
      `INSERT INTO messages (${MESSAGE_COLUMNS.join(", ")}) VALUES (${MESSAGE_COLUMNS.map((c) => `@${c}`).join(", ")}) ` +
        "ON CONFLICT (run_id, seq) DO NOTHING",
    );
    this.#insertMany = db.transaction((messages: readonly Message[]) => {
      for (const m of messages) insert.run(toMessageRow(m));
    }).immediate;

    const takeQueued = db.prepare<[Take], MessageRow>(takeSql("QUEUED"));
    const takePending = db.prepare<[Take], MessageRow>(takeSql("PENDING"));
    this.#takeBatch = db.transaction((take: Take) => {
      // Rows an earlier holder left QUEUED come first: their provider call may already have happened.
      const rows = takeQueued.all(take);
      if (rows.length < take.limit) rows.push(...takePending.all({ ...take, limit: take.limit - rows.length }));
      return rows.map(fromMessageRow).sort((a, b) => a.seq - b.seq);
    }).immediate;

    const recordOne = db.prepare<[string, string | null, string | null, number, string, number, number]>(
      "UPDATE messages SET status = ?, provider_message_id = ?, error = ?, updated_at = ? " +
        "WHERE run_id = ? AND seq = ? AND status = 'QUEUED' AND fence = ?",
    );
    const anyEarly = db.prepare<[], number>("SELECT EXISTS (SELECT 1 FROM early_reports)").pluck();
    const takeEarly = db.prepare<[string], string>(
      "DELETE FROM early_reports WHERE provider_message_id = ? RETURNING status",
    ).pluck();
    const setStatus = db.prepare<[string, number, string, number]>(
      "UPDATE messages SET status = ?, updated_at = ? WHERE run_id = ? AND seq = ?",
    );
    this.#record = db.transaction((runId: string, fence: number, results: readonly SendResult[], now: number) => {
      const early = anyEarly.get() === 1;
      let changed = 0;
      for (const r of results) {
        if (recordOne.run(r.status, r.provider_message_id, r.error, now, runId, r.seq, fence).changes === 0) continue;
        changed++;
        // A delivery report that beat the send to us is applied now.
        if (early && r.status === "SENT" && r.provider_message_id !== null) {
          const reported = takeEarly.get(r.provider_message_id);
          if (reported !== undefined) setStatus.run(reported, now, runId, r.seq);
        }
      }
      return changed;
    }).immediate;

    const releaseOne = db.prepare<[number, string, number, number]>(
      "UPDATE messages SET status = 'PENDING', updated_at = ? WHERE run_id = ? AND seq = ? AND status = 'QUEUED' AND fence = ?",
    );
    this.#release = db.transaction((runId: string, fence: number, seqs: readonly number[], now: number) => {
      for (const seq of seqs) releaseOne.run(now, runId, seq, fence);
    }).immediate;

    const byProviderId = db.prepare<[string], { run_id: string; seq: number; status: string }>(
      "SELECT run_id, seq, status FROM messages WHERE provider_message_id = ? LIMIT 1",
    );
    const keepEarly = db.prepare<[string, string]>(
      "INSERT OR IGNORE INTO early_reports (provider_message_id, status) VALUES (?, ?)",
    );
    this.#report = db.transaction((providerId: string, status: "DELIVERED" | "FAILED", now: number) => {
      const m = byProviderId.get(providerId);
      if (!m) {
        keepEarly.run(providerId, status);
        return "unknown" as const;
      }
      // Only SENT moves (to DELIVERED or FAILED): a duplicate or late report never moves a message backwards.
      if (m.status !== "SENT") return "ignored" as const;
      setStatus.run(status, now, m.run_id, m.seq);
      return "applied" as const;
    }).immediate;

    this.#deleteRun = db.prepare<[string]>("DELETE FROM messages WHERE run_id = ?");
    this.#counts = db.prepare<[string], { status: MessageStatus; n: number }>(
      "SELECT status, COUNT(*) AS n FROM messages WHERE run_id = ? GROUP BY status",
    );
    this.#sumParts = db.prepare<[string, string], number>(
      "SELECT COALESCE(SUM(parts), 0) FROM messages WHERE run_id = ? AND status IN (SELECT value FROM json_each(?))",
    ).pluck();
    this.#list = db.prepare<[string, number, number], MessageRow>(
      "SELECT * FROM messages WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
    );
    this.#listStatus = db.prepare<[string, string, number, number], MessageRow>(
      // Without statistics the planner would walk every row of the run by seq to find one status.
      "SELECT * FROM messages INDEXED BY messages_by_status WHERE run_id = ? AND status = ? AND seq > ? ORDER BY seq LIMIT ?",
    );
  }

  insertMany(messages: readonly Message[]): Promise<void> {
    return this.#gate.call(() => this.#insertMany(messages));
  }

  deleteRun(runId: string): Promise<void> {
    return this.#gate.call(() => {
      this.#deleteRun.run(runId);
    });
  }

  takeBatch(runId: string, fence: number, limit: number, now: Millis): Promise<Message[]> {
    return this.#gate.call(() => (limit <= 0 ? [] : this.#takeBatch({ run: runId, fence, now, limit })));
  }

  recordResults(runId: string, fence: number, results: readonly SendResult[], now: Millis): Promise<number> {
    return this.#gate.call(() => this.#record(runId, fence, results, now));
  }

  releaseQueued(runId: string, fence: number, seqs: readonly number[], now: Millis): Promise<void> {
    return this.#gate.call(() => this.#release(runId, fence, seqs, now));
  }

  counts(runId: string): Promise<MessageCounts> {
    return this.#gate.call(() => {
      const counts: Record<MessageStatus, number> = { ...ZERO_COUNTS };
      for (const { status, n } of this.#counts.all(runId)) counts[status] = n;
      return counts;
    });
  }

  sumParts(runId: string, statuses: readonly MessageStatus[]): Promise<number> {
    return this.#gate.call(() => (statuses.length === 0 ? 0 : this.#sumParts.get(runId, JSON.stringify(statuses)) ?? 0));
  }

  list(runId: string, options: { status?: MessageStatus; afterSeq: number; limit: number }): Promise<Message[]> {
    return this.#gate.call(() => {
      const { status, afterSeq, limit } = options;
      const rows = status === undefined
        ? this.#list.all(runId, afterSeq, limit)
        : this.#listStatus.all(runId, status, afterSeq, limit);
      return rows.map(fromMessageRow);
    });
  }

  applyDeliveryReport(providerMessageId: string, status: "DELIVERED" | "FAILED", now: Millis): Promise<DeliveryReportOutcome> {
    return this.#gate.call(() => this.#report(providerMessageId, status, now));
  }
}
