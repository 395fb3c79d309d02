import { z } from "zod";
import type {
  CampaignView, ControlView, GroupView, ImportReport, LaunchView, RecipientView, ReportView, RunView, StatusView,
  ValidationView,
} from "../../core/service.types.ts";
import { Channel } from "./schemas.ts";

// Schemas of `data` in success responses, for the OpenAPI document only (responses are not parsed).
// Each is typed against the core view it describes, so a view change that the document misses fails
// the type check.

const IsoTime = z.string().describe("ISO-8601 UTC with milliseconds and Z");
const CampaignStatus = z.enum(["draft", "running", "paused", "scheduled", "completed", "failed", "cancelled"]);
const ContentRow = z.object({ body: z.string(), sender_id: z.string() });
const counters = {
  recipient_count: z.number().int(), sent: z.number().int(), failed: z.number().int(), skipped: z.number().int(),
  delivered: z.number().int(), pending: z.number().int(),
};
const Units = z.object({ reserved: z.number(), consumed: z.number(), refunded: z.number() });

/** `data` of campaign reads and writes. */
export const CampaignViewSchema: z.ZodType<CampaignView> = z.object({
  campaign_id: z.string(), workspace_id: z.string(), name: z.string(), description: z.string().nullable(),
  message_channel_id: Channel.nullable(), status: CampaignStatus, audiences: z.array(z.string()),
  content: z.object({ sms: ContentRow.optional(), voice: ContentRow.optional(), whatsapp: ContentRow.optional() }),
  launched_at: IsoTime.nullable(), cancelled_at: IsoTime.nullable(), created_at: IsoTime, updated_at: IsoTime,
});

/** `data` of group reads. */
export const GroupViewSchema: z.ZodType<GroupView> = z.object({
  group_id: z.string(), name: z.string(), contact_count: z.number().int(), created_at: IsoTime,
});

const RejectedRow = z.object({ row: z.number().int(), phone: z.string(), reason: z.string() });
/** `data` of a contact import. */
export const ImportReportSchema: z.ZodType<ImportReport> = z.object({
  group_id: z.string(), received: z.number().int(), imported: z.number().int(), updated: z.number().int(),
  duplicates: z.number().int(), rejected: z.array(RejectedRow), contact_count: z.number().int(),
});
/** `data` of a suppression call. */
export const SuppressReportSchema = z.object({ suppressed: z.number().int(), rejected: z.array(RejectedRow) });

/** `data` of run reads. */
export const RunViewSchema: z.ZodType<RunView> = z.object({
  ...counters, run_id: z.string(), campaign_id: z.string(), status: z.string(), scheduled_at: IsoTime.nullable(),
  recurrence: z.object({
    cron: z.string(), timezone: z.string(), starts_at: IsoTime.nullable(), ends_at: IsoTime.nullable(),
    max_occurrences: z.number().int().nullable(),
  }).nullable(),
  recurrence_index: z.number().int().nullable(), parent_run_id: z.string().nullable(),
  retry_of_run_id: z.string().nullable(), current_batch: z.number().int(), total_batches: z.number().int(),
  failure_reason: z.string().nullable(), created_at: IsoTime, updated_at: IsoTime,
});

/** `data` of validate (and of launch's 409 dual envelope). */
export const ValidationViewSchema: z.ZodType<ValidationView> = z.object({
  valid: z.boolean(), issues: z.array(z.string()), warnings: z.array(z.string()),
  estimated_cost: z.record(z.string(), z.number()).describe("units per channel, e.g. {\"SMS\": 1500}; never money"),
});

/** `data` of launch and retry. */
export const LaunchViewSchema: z.ZodType<LaunchView> = z.object({
  run_id: z.string(), campaign_id: z.string(), status: z.string(), scheduled_at: IsoTime.nullable(),
  recipient_count: z.number().int(), retry_of_run_id: z.string().optional(),
});

/** `data` of pause, resume and cancel. */
export const ControlViewSchema: z.ZodType<ControlView> = z.object({
  campaign_id: z.string(), action: z.enum(["paused", "resumed", "cancelled"]), status: CampaignStatus,
  runs_cancelled: z.number().int().optional(),
});

/** `data` of the campaign status. */
export const StatusViewSchema: z.ZodType<StatusView> = z.union([
  z.object({ status: z.literal("NO_RUN"), campaign_id: z.string() }),
  z.object({
    ...counters, campaign_id: z.string(), run_id: z.string(), status: z.string(), scheduled_at: IsoTime.nullable(),
    current_batch: z.number().int(), total_batches: z.number().int(), updated_at: IsoTime,
  }),
]);

/** One recipient of a run. */
export const RecipientViewSchema: z.ZodType<RecipientView> = z.object({
  message_id: z.string(), phone: z.string(), name: z.string().nullable(), status: z.string(),
  parts: z.number().int(), provider_message_id: z.string().nullable(), error: z.string().nullable(), updated_at: IsoTime,
});

/** `data` of the campaign report. */
export const ReportViewSchema: z.ZodType<ReportView> = z.object({
  campaign_id: z.string(), status: CampaignStatus,
  runs: z.array(z.object({ ...counters, run_id: z.string(), status: z.string(), delivery_rate: z.number(), units: Units })),
  totals: z.object({ ...counters, delivery_rate: z.number(), units: Units }),
});

/** `data` of the balance. */
export const BalanceSchema = z.object({ workspace_id: z.string(), balance: z.number() });
/** `data` of an operator credit. */
export const CreditResultSchema = z.object({ workspace_id: z.string(), balance: z.number(), applied: z.boolean() });
/** `data` of a delivery report. */
export const DeliveryOutcomeSchema = z.object({ outcome: z.string() });

/** A cursor page of `item`. */
export function pageOf(item: z.ZodType) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}
