import type { Recurrence, RefundState, Run, RunStatus } from "../../core/domain/model.ts";
import type { RunPatch } from "../../core/ports/run-store.port.ts";
import { fromJson, toJson } from "./sqlite-database.ts";

/** A SQLite value as better-sqlite3 binds it. */
export type SqlValue = string | number | null;

/** A run as stored: the lease as two columns, the recurrence as JSON, the flag as 0/1. */
export interface RunRow {
  run_id: string;
  campaign_id: string;
  workspace_id: string;
  status: string;
  scheduled_at: number | null;
  recurrence: string | null;
  recurrence_index: number | null;
  parent_run_id: string | null;
  retry_of_run_id: string | null;
  recipients_fixed: number;
  recipient_count: number;
  total_batches: number;
  current_batch: number;
  units_reserved: number;
  refund_state: string;
  failure_reason: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  fence: number;
  occurrences_materialised: number;
  materialised_until: number | null;
  provider_errors: number;
  triggered_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Fields stored as they are, one column each. */
const PLAIN_FIELDS = [
  "status", "scheduled_at", "recurrence_index", "parent_run_id", "retry_of_run_id", "recipient_count",
  "total_batches", "current_batch", "units_reserved", "refund_state", "failure_reason", "fence",
  "occurrences_materialised", "materialised_until", "provider_errors", "triggered_at", "finished_at", "updated_at",
] as const satisfies readonly (keyof RunPatch & keyof RunRow)[];

const PLAIN = new Set<string>(PLAIN_FIELDS);

/** Every column, in table order (for INSERT). */
export const RUN_COLUMNS: readonly (keyof RunRow)[] = [
  "run_id", "campaign_id", "workspace_id", "status", "scheduled_at", "recurrence", "recurrence_index",
  "parent_run_id", "retry_of_run_id", "recipients_fixed", "recipient_count", "total_batches", "current_batch",
  "units_reserved", "refund_state", "failure_reason", "lease_owner", "lease_expires_at", "fence",
  "occurrences_materialised", "materialised_until", "provider_errors", "triggered_at", "finished_at",
  "created_at", "updated_at",
];

/** A run as its row. */
export function toRunRow(r: Run): RunRow {
  return {
    run_id: r.run_id,
    campaign_id: r.campaign_id,
    workspace_id: r.workspace_id,
    status: r.status,
    scheduled_at: r.scheduled_at,
    recurrence: toJson(r.recurrence),
    recurrence_index: r.recurrence_index,
    parent_run_id: r.parent_run_id,
    retry_of_run_id: r.retry_of_run_id,
    recipients_fixed: r.recipients_fixed ? 1 : 0,
    recipient_count: r.recipient_count,
    total_batches: r.total_batches,
    current_batch: r.current_batch,
    units_reserved: r.units_reserved,
    refund_state: r.refund_state,
    failure_reason: r.failure_reason,
    lease_owner: r.lease?.owner ?? null,
    lease_expires_at: r.lease?.expires_at ?? null,
    fence: r.fence,
    occurrences_materialised: r.occurrences_materialised,
    materialised_until: r.materialised_until,
    provider_errors: r.provider_errors,
    triggered_at: r.triggered_at,
    finished_at: r.finished_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** A row as the run it stores: `get` after `insert` is deep-equal to what was inserted. */
export function fromRunRow(r: RunRow): Run {
  return {
    run_id: r.run_id,
    campaign_id: r.campaign_id,
    workspace_id: r.workspace_id,
    status: r.status as RunStatus,
    scheduled_at: r.scheduled_at,
    recurrence: fromJson<Recurrence>(r.recurrence),
    recurrence_index: r.recurrence_index,
    parent_run_id: r.parent_run_id,
    retry_of_run_id: r.retry_of_run_id,
    recipients_fixed: r.recipients_fixed !== 0,
    recipient_count: r.recipient_count,
    total_batches: r.total_batches,
    current_batch: r.current_batch,
    units_reserved: r.units_reserved,
    refund_state: r.refund_state as RefundState,
    failure_reason: r.failure_reason,
    lease: r.lease_owner === null ? null : { owner: r.lease_owner, expires_at: r.lease_expires_at ?? 0 },
    fence: r.fence,
    occurrences_materialised: r.occurrences_materialised,
    materialised_until: r.materialised_until,
    provider_errors: r.provider_errors,
    triggered_at: r.triggered_at,
    finished_at: r.finished_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/**
 * The columns a patch writes. Absent (or undefined) fields are not written; a field that is not part of a
 * patchable run is a bug, and throws rather than reaching the SQL text.
 */
export function patchColumns(patch: RunPatch): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === "lease") {
      const lease = value as Run["lease"];
      out.lease_owner = lease?.owner ?? null;
      out.lease_expires_at = lease?.expires_at ?? null;
    } else if (field === "recurrence") out.recurrence = toJson(value);
    else if (field === "recipients_fixed") out.recipients_fixed = value ? 1 : 0;
    else if (PLAIN.has(field)) out[field] = value as SqlValue;
    else throw new Error(`not a patchable run field: ${field}`);
  }
  return out;
}
