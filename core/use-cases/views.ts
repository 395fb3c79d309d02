import type { Campaign, Group, Message, MessageCounts, Millis, Run } from "../domain/model.ts";
import { campaignStatus } from "../domain/campaign-status.ts";
import { publicRunStatus } from "../domain/run-state.ts";
import type { CampaignView, GroupView, IsoTime, RecipientView, RunCounters, RunView } from "../service.types.ts";

/** ISO-8601 UTC with milliseconds and `Z`. */
export function iso(ms: Millis): IsoTime;
export function iso(ms: Millis | null): IsoTime | null;
export function iso(ms: Millis | null): IsoTime | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function campaignView(c: Campaign, runs: readonly Run[]): CampaignView {
  return {
    campaign_id: c.campaign_id,
    workspace_id: c.workspace_id,
    name: c.name,
    description: c.description,
    message_channel_id: c.message_channel_id,
    status: campaignStatus(c, runs),
    audiences: [...c.group_ids],
    content: { ...c.content },
    launched_at: iso(c.launched_at),
    cancelled_at: iso(c.cancelled_at),
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
  };
}

export function groupView(g: Group, contactCount: number): GroupView {
  return { group_id: g.group_id, name: g.name, contact_count: contactCount, created_at: iso(g.created_at) };
}

/** Counters from message rows: sent + failed + skipped + pending = recipient_count; delivered <= sent. */
export function counters(run: Run, counts: MessageCounts): RunCounters {
  const fixed = run.recipients_fixed;
  return {
    recipient_count: fixed ? run.recipient_count : 0,
    sent: counts.SENT + counts.DELIVERED,
    delivered: counts.DELIVERED,
    failed: counts.FAILED,
    skipped: counts.SKIPPED,
    pending: counts.PENDING + counts.QUEUED,
  };
}

export function runView(run: Run, counts: MessageCounts): RunView {
  const r = run.recurrence;
  return {
    run_id: run.run_id,
    campaign_id: run.campaign_id,
    status: publicRunStatus(run.status),
    scheduled_at: iso(run.scheduled_at),
    recurrence: r
      ? {
        cron: r.cron,
        timezone: r.timezone,
        starts_at: iso(r.starts_at),
        ends_at: iso(r.ends_at),
        max_occurrences: r.max_occurrences,
      }
      : null,
    recurrence_index: run.recurrence_index,
    parent_run_id: run.parent_run_id,
    retry_of_run_id: run.retry_of_run_id,
    ...counters(run, counts),
    current_batch: run.current_batch,
    total_batches: run.total_batches,
    failure_reason: run.failure_reason,
    created_at: iso(run.created_at),
    updated_at: iso(run.updated_at),
  };
}

export function recipientView(m: Message): RecipientView {
  return {
    message_id: m.message_id,
    phone: m.phone,
    name: m.name,
    status: m.status,
    parts: m.parts,
    provider_message_id: m.provider_message_id,
    error: m.error,
    updated_at: iso(m.updated_at),
  };
}
