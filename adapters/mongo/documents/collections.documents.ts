/**
 * Names of the collections the Mongo adapters use, and the indexes each needs. Pure data: `ensureIndexes`
 * applies it, and the unit tests read it to prove the uniqueness rules the adapters rely on are declared.
 * @module
 */

/** Collection names, in one place so tests and tools agree with the adapters. */
export const COLLECTIONS = {
  campaigns: "campaigns",
  groups: "groups",
  contacts: "contacts",
  suppressions: "suppressions",
  runs: "runs",
  messages: "messages",
  earlyReports: "early_delivery_reports",
  ledgerAccounts: "ledger_accounts",
  ledgerEntries: "ledger_entries",
  idempotency: "idempotency_records",
} as const;

export type CollectionName = typeof COLLECTIONS[keyof typeof COLLECTIONS];

/** How long a stored `Idempotency-Key` replay lives (SPEC §1: 24 h). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How long a delivery report for a provider id we never recorded is kept waiting for its send. */
export const EARLY_REPORT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** One index to create at start-up. */
export interface IndexPlan {
  readonly collection: CollectionName;
  readonly key: Readonly<Record<string, 1 | -1>>;
  readonly options: {
    readonly name: string;
    readonly unique?: boolean;
    readonly partialFilterExpression?: Readonly<Record<string, unknown>>;
    readonly expireAfterSeconds?: number;
  };
}

const isString = { $type: "string" } as const;

/**
 * Every index the adapters need. Uniqueness the ports depend on is enforced here, not by reads before writes.
 * Ledger entries and early delivery reports use their key as `_id`, which MongoDB keeps unique by itself.
 */
export const INDEXES: readonly IndexPlan[] = [
  {
    collection: COLLECTIONS.runs,
    key: { parent_run_id: 1, recurrence_index: 1 },
    // Only children of a template carry a parent; every other run has null there and must not collide.
    options: { name: "runs_child_occurrence_unique", unique: true, partialFilterExpression: { parent_run_id: isString } },
  },
  { collection: COLLECTIONS.runs, key: { status: 1, scheduled_at: 1 }, options: { name: "runs_status_scheduled_at" } },
  { collection: COLLECTIONS.runs, key: { campaign_id: 1, created_at: 1, run_id: 1 }, options: { name: "runs_campaign_creation" } },
  { collection: COLLECTIONS.runs, key: { refund_state: 1, created_at: 1 }, options: { name: "runs_refund_state" } },
  { collection: COLLECTIONS.messages, key: { run_id: 1, seq: 1 }, options: { name: "messages_run_seq_unique", unique: true } },
  { collection: COLLECTIONS.messages, key: { run_id: 1, status: 1, seq: 1 }, options: { name: "messages_run_status_seq" } },
  {
    collection: COLLECTIONS.messages,
    key: { provider_message_id: 1 },
    options: { name: "messages_provider_message_id", partialFilterExpression: { provider_message_id: isString } },
  },
  {
    collection: COLLECTIONS.earlyReports,
    key: { received_at: 1 },
    options: { name: "early_reports_ttl", expireAfterSeconds: EARLY_REPORT_TTL_SECONDS },
  },
  // Covers the run-totals aggregation: it reads index keys only, never the entry documents.
  { collection: COLLECTIONS.ledgerEntries, key: { run_id: 1, kind: 1, units: 1 }, options: { name: "ledger_entries_run_totals" } },
  { collection: COLLECTIONS.ledgerAccounts, key: { "pending.run_id": 1 }, options: { name: "ledger_accounts_pending_run" } },
  { collection: COLLECTIONS.contacts, key: { group_id: 1, phone: 1 }, options: { name: "contacts_group_phone_unique", unique: true } },
  { collection: COLLECTIONS.contacts, key: { group_id: 1, position: 1 }, options: { name: "contacts_group_position" } },
  {
    collection: COLLECTIONS.suppressions,
    key: { workspace_id: 1, phone: 1 },
    options: { name: "suppressions_workspace_phone_unique", unique: true },
  },
  { collection: COLLECTIONS.campaigns, key: { workspace_id: 1, campaign_id: 1 }, options: { name: "campaigns_workspace_id" } },
  {
    collection: COLLECTIONS.idempotency,
    key: { workspace_id: 1, key: 1 },
    options: { name: "idempotency_workspace_key_unique", unique: true },
  },
  {
    collection: COLLECTIONS.idempotency,
    key: { created_at: 1 },
    options: { name: "idempotency_ttl", expireAfterSeconds: IDEMPOTENCY_TTL_SECONDS },
  },
];
