import type { Millis, Recurrence, Run } from "../domain/model.ts";

/** A run with every counter and bookkeeping field at its starting value. */
export function newRun(
  fields: {
    run_id: string;
    campaign_id: string;
    workspace_id: string;
    status: Run["status"];
    scheduled_at: Millis | null;
    recurrence?: Recurrence | null;
    recurrence_index?: number | null;
    parent_run_id?: string | null;
    retry_of_run_id?: string | null;
  },
  now: Millis,
): Run {
  return {
    recurrence: null,
    recurrence_index: null,
    parent_run_id: null,
    retry_of_run_id: null,
    ...fields,
    recipients_fixed: false,
    recipient_count: 0,
    total_batches: 0,
    current_batch: 0,
    units_reserved: 0,
    refund_state: "none",
    failure_reason: null,
    lease: null,
    fence: 0,
    occurrences_materialised: 0,
    materialised_until: null,
    provider_errors: 0,
    triggered_at: null,
    finished_at: null,
    created_at: now,
    updated_at: now,
  };
}
