import type { Millis, Run } from "../../core/domain/model.ts";
import type { ClaimRequest, RunCondition, RunPatch, RunStore } from "../../core/ports/run-store.port.ts";
import { fromRunRow, patchColumns, RUN_COLUMNS, type RunRow, type SqlValue, toRunRow } from "./run-codec.ts";
import { SqliteGate, type SqliteDb } from "./sqlite-database.ts";

type Statement = ReturnType<SqliteDb["prepare"]>;

const INSERT_SQL = `INSERT INTO runs (${RUN_COLUMNS.join(", ")}) VALUES (${RUN_COLUMNS.map((c) => `@${c}`).join(", ")})`;

/**
 * One conditional write picks and takes the earliest claimable run, so no two connections (in any number of
 * processes) can take the same claim: SQLite holds the write lock for the whole statement.
 */
/**
 * One statement, so the claim is atomic. The two kinds of claimable run are found by separate subqueries (each
 * served by an index: `runs_due_in_order`, `runs_leased`; a released lease is NULL, looked up apart so the
 * range on `lease_expires_at` stays a range) and the earlier taken; one query with an OR made SQLite
 * read and sort every waiting run per claim, so draining a backlog grew with the square of its size.
 */
const CLAIM_SQL = `
UPDATE runs SET status = 'claimed', lease_owner = @owner, lease_expires_at = @expires, fence = fence + 1, updated_at = @now
WHERE run_id = (
  SELECT run_id FROM (
    SELECT * FROM (
      SELECT run_id, scheduled_at AS at, created_at FROM runs
      WHERE status = 'scheduled' AND scheduled_at <= @now AND scheduled_at >= @windowStart
        AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
      ORDER BY scheduled_at, created_at, run_id LIMIT 1)
    UNION ALL
    SELECT * FROM (
      SELECT run_id, COALESCE(scheduled_at, 0) AS at, created_at FROM runs
      WHERE status IN ('claimed', 'running') AND lease_expires_at <= @now
      ORDER BY COALESCE(scheduled_at, 0), created_at, run_id LIMIT 1)
    UNION ALL
    SELECT * FROM (
      SELECT run_id, COALESCE(scheduled_at, 0) AS at, created_at FROM runs
      WHERE status IN ('claimed', 'running') AND lease_expires_at IS NULL
      ORDER BY COALESCE(scheduled_at, 0), created_at, run_id LIMIT 1)
  )
  ORDER BY at, created_at, run_id
  LIMIT 1
)
RETURNING *`;

/** Runs, one row each; every racing write is a single conditional statement. */
export class SqliteRunStore implements RunStore {
  readonly #gate: SqliteGate;
  readonly #db: SqliteDb;
  /** Conditional updates, compiled once per (patched columns, condition shape). */
  readonly #updates = new Map<string, Statement>();
  readonly #insert;
  readonly #insertChildren: (children: readonly Run[]) => number;
  readonly #get;
  readonly #byCampaign;
  readonly #claim;
  readonly #overdue;
  readonly #refundsDue;
  readonly #toExtend;

  constructor(db: SqliteDb) {
    this.#db = db;
    this.#gate = new SqliteGate(db, "run store");
    this.#insert = db.prepare<[RunRow]>(INSERT_SQL);
    const insertChild = db.prepare<[RunRow]>(`${INSERT_SQL} ON CONFLICT (parent_run_id, recurrence_index) DO NOTHING`);
    this.#insertChildren = db.transaction((children: readonly Run[]) => {
      let added = 0;
      for (const child of children) added += insertChild.run(toRunRow(child)).changes;
      return added;
    }).immediate;
    this.#get = db.prepare<[string], RunRow>("SELECT * FROM runs WHERE run_id = ?");
    this.#byCampaign = db.prepare<[string], RunRow>("SELECT * FROM runs WHERE campaign_id = ? ORDER BY created_at, run_id");
    this.#claim = db.prepare<[{ owner: string; expires: number; now: number; windowStart: number }], RunRow>(CLAIM_SQL);
    this.#overdue = db.prepare<[number, number], RunRow>(
      "SELECT * FROM runs WHERE status = 'scheduled' AND scheduled_at < ? ORDER BY created_at, run_id LIMIT ?",
    );
    this.#refundsDue = db.prepare<[number, number], RunRow>(
      "SELECT * FROM runs WHERE refund_state = 'due' AND (lease_expires_at IS NULL OR lease_expires_at <= ?) " +
        "ORDER BY created_at, run_id LIMIT ?",
    );
    this.#toExtend = db.prepare<[number, number], RunRow>(
      "SELECT * FROM runs WHERE status = 'retired' AND recurrence IS NOT NULL AND materialised_until < ? " +
        "ORDER BY created_at, run_id LIMIT ?",
    );
  }

  insert(run: Run): Promise<void> {
    return this.#gate.call(() => {
      this.#insert.run(toRunRow(run));
    });
  }

  insertChildren(children: readonly Run[]): Promise<number> {
    return this.#gate.call(() => this.#insertChildren(children));
  }

  get(runId: string): Promise<Run | null> {
    return this.#gate.call(() => {
      const row = this.#get.get(runId);
      return row ? fromRunRow(row) : null;
    });
  }

  listByCampaign(campaignId: string): Promise<Run[]> {
    return this.#gate.call(() => this.#byCampaign.all(campaignId).map(fromRunRow));
  }

  update(runId: string, condition: RunCondition, patch: RunPatch): Promise<Run | null> {
    return this.#gate.call(() => {
      if (condition.status && condition.status.length === 0) return null;
      const columns = patchColumns(patch);
      const names = Object.keys(columns).sort();
      const params: Record<string, SqlValue> = { c_run_id: runId };
      for (const name of names) params[`p_${name}`] = columns[name] ?? null;
      if (condition.status) params.c_statuses = JSON.stringify(condition.status);
      if (condition.fence !== undefined) params.c_fence = condition.fence;
      const row = this.#updateStatement(names, condition).get(params) as RunRow | undefined;
      return row ? fromRunRow(row) : null;
    });
  }

  claimNext(request: ClaimRequest): Promise<Run | null> {
    return this.#gate.call(() => {
      const { now, windowStart, owner, leaseMs } = request;
      const row = this.#claim.get({ owner, expires: now + leaseMs, now, windowStart });
      return row ? fromRunRow(row) : null;
    });
  }

  listOverdue(windowStart: Millis, limit: number): Promise<Run[]> {
    return this.#gate.call(() => this.#overdue.all(windowStart, limit).map(fromRunRow));
  }

  listRefundsDue(now: Millis, limit: number): Promise<Run[]> {
    return this.#gate.call(() => this.#refundsDue.all(now, limit).map(fromRunRow));
  }

  listTemplatesToExtend(horizonEnd: Millis, limit: number): Promise<Run[]> {
    return this.#gate.call(() => this.#toExtend.all(horizonEnd, limit).map(fromRunRow));
  }

  /** Column names come from the codec's fixed list, never from the caller, so the SQL text is safe. */
  #updateStatement(names: readonly string[], condition: RunCondition): Statement {
    const key = `${names.join(",")}|${condition.status ? "s" : ""}${condition.fence !== undefined ? "f" : ""}`;
    let statement = this.#updates.get(key);
    if (!statement) {
      // An empty patch still answers with the run when the condition holds, as a no-op write.
      const sets = names.length === 0 ? "run_id = run_id" : names.map((n) => `${n} = @p_${n}`).join(", ");
      const where = ["run_id = @c_run_id"];
      if (condition.status) where.push("status IN (SELECT value FROM json_each(@c_statuses))");
      if (condition.fence !== undefined) where.push("fence = @c_fence");
      statement = this.#db.prepare(`UPDATE runs SET ${sets} WHERE ${where.join(" AND ")} RETURNING *`);
      this.#updates.set(key, statement);
    }
    return statement;
  }
}
