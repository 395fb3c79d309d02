/** Times inside the engine are epoch milliseconds (UTC); the HTTP edge formats them as ISO-8601 with `Z`. */
export type Millis = number;

export const CHANNELS = ["sms", "voice", "whatsapp"] as const;
export type Channel = typeof CHANNELS[number];

/** The channel names used as keys of `estimated_cost`, as the seed shows them. */
export const COST_KEY: Record<Channel, string> = { sms: "SMS", voice: "VOICE", whatsapp: "WHATSAPP" };

export interface Content {
  readonly body: string;
  readonly sender_id: string;
}

export interface Campaign {
  readonly campaign_id: string;
  readonly workspace_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly message_channel_id: Channel | null;
  /** Attached contact groups, in attach order. */
  readonly group_ids: readonly string[];
  readonly content: Readonly<Partial<Record<Channel, Content>>>;
  /** Set by the first successful launch; a campaign without it is a draft. */
  readonly launched_at: Millis | null;
  /** Cancel is sticky: once set it is never cleared. */
  readonly cancelled_at: Millis | null;
  readonly created_at: Millis;
  readonly updated_at: Millis;
  /** Incremented on every write; writes are conditional on it (optimistic concurrency). */
  readonly version: number;
}

export interface Group {
  readonly group_id: string;
  readonly workspace_id: string;
  readonly name: string;
  readonly created_at: Millis;
}

export interface Contact {
  /** E.164, e.g. `+447946000000`. Unique within a group. */
  readonly phone: string;
  readonly name: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  /** ISO 3166 region the number belongs to, from numbering-plan metadata. */
  readonly region: string | null;
  /** Number type from numbering-plan metadata (`MOBILE`, `FIXED_LINE`, …) when known. */
  readonly number_type: string | null;
}

export type RunStatus =
  | "ready"
  | "scheduled"
  | "claimed"
  | "running"
  | "paused"
  | "completed"
  | "failed"
  | "cancelled"
  | "retired";

export interface Recurrence {
  readonly cron: string;
  readonly timezone: string;
  readonly starts_at: Millis | null;
  readonly ends_at: Millis | null;
  readonly max_occurrences: number | null;
}

export interface Lease {
  readonly owner: string;
  readonly expires_at: Millis;
}

/** Whether the unsent part of a run's reservation has been given back. */
export type RefundState = "none" | "due" | "done";

export interface Run {
  readonly run_id: string;
  readonly campaign_id: string;
  readonly workspace_id: string;
  readonly status: RunStatus;
  readonly scheduled_at: Millis | null;
  /** Present on a recurring template only. */
  readonly recurrence: Recurrence | null;
  readonly recurrence_index: number | null;
  readonly parent_run_id: string | null;
  readonly retry_of_run_id: string | null;
  /** True once the recipient list (message rows) has been written and the units reserved. */
  readonly recipients_fixed: boolean;
  readonly recipient_count: number;
  readonly total_batches: number;
  readonly current_batch: number;
  readonly units_reserved: number;
  readonly refund_state: RefundState;
  readonly failure_reason: string | null;
  readonly lease: Lease | null;
  /** Fencing token: incremented by every claim; a claim holder's writes are conditional on it. */
  readonly fence: number;
  /** Template only: how many occurrences have been materialised, and up to when. */
  readonly occurrences_materialised: number;
  readonly materialised_until: Millis | null;
  /** Consecutive provider transport failures; the run fails past a limit. */
  readonly provider_errors: number;
  readonly triggered_at: Millis | null;
  readonly finished_at: Millis | null;
  readonly created_at: Millis;
  readonly updated_at: Millis;
}

export type MessageStatus = "PENDING" | "QUEUED" | "SENT" | "DELIVERED" | "FAILED" | "SKIPPED";

/** One recipient of one run, and the message sent to it. */
export interface Message {
  readonly message_id: string;
  readonly run_id: string;
  readonly campaign_id: string;
  readonly workspace_id: string;
  /** Position in the run's recipient list, 0-based; unique within a run. */
  readonly seq: number;
  readonly phone: string;
  readonly name: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  /** The exact rendered text; null when skipped before rendering. */
  readonly body: string | null;
  readonly sender_id: string;
  /** SMS parts of `body` (billing units). */
  readonly parts: number;
  readonly status: MessageStatus;
  /** Fence of the claim that queued it; results are recorded only under the same fence. */
  readonly fence: number;
  readonly provider_message_id: string | null;
  readonly error: string | null;
  readonly updated_at: Millis;
}

export interface MessageCounts {
  readonly PENDING: number;
  readonly QUEUED: number;
  readonly SENT: number;
  readonly DELIVERED: number;
  readonly FAILED: number;
  readonly SKIPPED: number;
}

export const ZERO_COUNTS: MessageCounts = { PENDING: 0, QUEUED: 0, SENT: 0, DELIVERED: 0, FAILED: 0, SKIPPED: 0 };

export interface Workspace {
  readonly workspace_id: string;
}
