import type { Channel, Millis } from "./domain/model.ts";
import type { CampaignStatus } from "./domain/campaign-status.ts";
import type { Result } from "./domain/result.ts";

/** Who is calling: every API key belongs to one workspace. */
export interface Actor {
  readonly workspace_id: string;
}

/** Timestamps in views are ISO-8601 UTC with milliseconds and `Z`. */
export type IsoTime = string;

export interface Page<T> {
  readonly items: readonly T[];
  readonly next_cursor: string | null;
}

export interface CampaignView {
  readonly campaign_id: string;
  readonly workspace_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly message_channel_id: Channel | null;
  readonly status: CampaignStatus;
  readonly audiences: readonly string[];
  readonly content: Partial<Record<Channel, { body: string; sender_id: string }>>;
  readonly launched_at: IsoTime | null;
  readonly cancelled_at: IsoTime | null;
  readonly created_at: IsoTime;
  readonly updated_at: IsoTime;
}

export interface GroupView {
  readonly group_id: string;
  readonly name: string;
  readonly contact_count: number;
  readonly created_at: IsoTime;
}

export interface ContactInput {
  readonly phone: string;
  readonly name?: string | null;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Row number shown in the report (CSV: the line number, header = 1). Defaults to the 1-based index. */
  readonly row?: number;
}

export interface RejectedRow {
  readonly row: number;
  readonly phone: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly group_id: string;
  readonly received: number;
  /** New numbers added to the group. */
  readonly imported: number;
  /** Numbers already in the group before this call (their name and attributes were replaced). */
  readonly updated: number;
  /** Rows of this call whose number repeated an earlier row of the same call (merged: the last row wins). */
  readonly duplicates: number;
  readonly rejected: readonly RejectedRow[];
  readonly contact_count: number;
}

export interface OneShotRunInput {
  readonly scheduled_at?: Millis | null;
}

export interface RecurringRunInput {
  readonly cron: string;
  readonly timezone: string;
  readonly starts_at?: Millis | null;
  readonly ends_at?: Millis | null;
  readonly max_occurrences?: number | null;
}

export interface RunCounters {
  readonly recipient_count: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly delivered: number;
  readonly pending: number;
}

export interface RunView extends RunCounters {
  readonly run_id: string;
  readonly campaign_id: string;
  /** `claimed` is shown as `running`. */
  readonly status: string;
  readonly scheduled_at: IsoTime | null;
  readonly recurrence: {
    cron: string;
    timezone: string;
    starts_at: IsoTime | null;
    ends_at: IsoTime | null;
    max_occurrences: number | null;
  } | null;
  readonly recurrence_index: number | null;
  readonly parent_run_id: string | null;
  readonly retry_of_run_id: string | null;
  readonly current_batch: number;
  readonly total_batches: number;
  readonly failure_reason: string | null;
  readonly created_at: IsoTime;
  readonly updated_at: IsoTime;
}

export interface ValidationView {
  readonly valid: boolean;
  readonly issues: readonly string[];
  readonly warnings: readonly string[];
  /** Units per channel key (`{"SMS": 1500}`); empty when invalid. Never money. */
  readonly estimated_cost: Readonly<Record<string, number>>;
}

export interface LaunchView {
  readonly run_id: string;
  readonly campaign_id: string;
  readonly status: string;
  readonly scheduled_at: IsoTime | null;
  readonly recipient_count: number;
  readonly retry_of_run_id?: string;
}

export interface ControlView {
  readonly campaign_id: string;
  readonly action: "paused" | "resumed" | "cancelled";
  readonly status: CampaignStatus;
  readonly runs_cancelled?: number;
}

export type StatusView =
  | { readonly status: "NO_RUN"; readonly campaign_id: string }
  | (RunCounters & {
    readonly campaign_id: string;
    readonly run_id: string;
    readonly status: string;
    readonly scheduled_at: IsoTime | null;
    readonly current_batch: number;
    readonly total_batches: number;
    readonly updated_at: IsoTime;
  });

export interface RecipientView {
  readonly message_id: string;
  readonly phone: string;
  readonly name: string | null;
  readonly status: string;
  readonly parts: number;
  readonly provider_message_id: string | null;
  readonly error: string | null;
  readonly updated_at: IsoTime;
}

export interface RunReport extends RunCounters {
  readonly run_id: string;
  readonly status: string;
  /** delivered / sent, 0 when nothing was sent. */
  readonly delivery_rate: number;
  readonly units: { reserved: number; consumed: number; refunded: number };
}

export interface ReportView {
  readonly campaign_id: string;
  readonly status: CampaignStatus;
  readonly runs: readonly RunReport[];
  readonly totals: RunCounters & { delivery_rate: number; units: { reserved: number; consumed: number; refunded: number } };
}

export interface DeliveryReportInput {
  readonly provider_message_id: string;
  readonly status: "DELIVERED" | "FAILED";
}

/**
 * Everything a user or integrator does with the engine. The HTTP adapter is a thin mapping of this
 * interface; embedding services call it directly.
 */
export interface CampaignService {
  createCampaign(
    actor: Actor,
    input: { name: string; workspace_id: string; message_channel_id?: Channel | null; description?: string | null },
  ): Promise<Result<CampaignView>>;
  getCampaign(actor: Actor, campaignId: string): Promise<Result<CampaignView>>;
  listCampaigns(actor: Actor, page: { cursor: string | null; limit: number }): Promise<Result<Page<CampaignView>>>;
  patchCampaign(
    actor: Actor,
    campaignId: string,
    patch: { name?: string; description?: string | null; message_channel_id?: Channel | null },
  ): Promise<Result<CampaignView>>;

  createGroup(actor: Actor, input: { name: string }): Promise<Result<GroupView>>;
  getGroup(actor: Actor, groupId: string): Promise<Result<GroupView>>;
  importContacts(
    actor: Actor,
    groupId: string,
    rows: readonly ContactInput[],
    options?: { region?: string },
  ): Promise<Result<ImportReport>>;
  suppress(actor: Actor, phones: readonly string[], options?: { region?: string }): Promise<Result<{ suppressed: number; rejected: readonly RejectedRow[] }>>;

  attachAudience(actor: Actor, campaignId: string, groupId: string): Promise<Result<CampaignView>>;
  detachAudience(actor: Actor, campaignId: string, groupId: string): Promise<Result<CampaignView>>;
  putContent(actor: Actor, campaignId: string, channel: Channel, content: { body: string; sender_id: string }): Promise<Result<CampaignView>>;
  createRun(actor: Actor, campaignId: string, input: OneShotRunInput | RecurringRunInput): Promise<Result<RunView>>;
  /** Re-times a run that has not started; omitted fields keep their value. */
  patchRun(
    actor: Actor,
    campaignId: string,
    runId: string,
    patch: {
      scheduled_at?: Millis | null;
      cron?: string;
      timezone?: string;
      starts_at?: Millis | null;
      ends_at?: Millis | null;
      max_occurrences?: number | null;
    },
  ): Promise<Result<RunView>>;

  validate(actor: Actor, campaignId: string): Promise<Result<ValidationView>>;
  launch(actor: Actor, campaignId: string, input: { run_id?: string | null }): Promise<Result<LaunchView>>;
  pause(actor: Actor, campaignId: string): Promise<Result<ControlView>>;
  resume(actor: Actor, campaignId: string): Promise<Result<ControlView>>;
  cancel(actor: Actor, campaignId: string): Promise<Result<ControlView>>;
  retry(actor: Actor, campaignId: string, runId: string): Promise<Result<LaunchView>>;

  status(actor: Actor, campaignId: string): Promise<Result<StatusView>>;
  listRuns(actor: Actor, campaignId: string): Promise<Result<readonly RunView[]>>;
  getRun(actor: Actor, campaignId: string, runId: string): Promise<Result<RunView>>;
  listRecipients(
    actor: Actor,
    campaignId: string,
    runId: string,
    query: { status?: string | null; cursor?: string | null; limit: number },
  ): Promise<Result<Page<RecipientView>>>;
  report(actor: Actor, campaignId: string): Promise<Result<ReportView>>;

  deliveryReport(provider: string, input: DeliveryReportInput): Promise<Result<{ outcome: string }>>;
  balance(actor: Actor): Promise<Result<{ workspace_id: string; balance: number }>>;
  /** Operator action (not workspace-scoped): adds units, once per key. */
  credit(workspaceId: string, units: number, key: string): Promise<Result<{ workspace_id: string; balance: number; applied: boolean }>>;
}
