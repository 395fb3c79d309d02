/**
 * The SQLite schema, version 1. Every statement is idempotent so that any number of processes may open the
 * same file at once; later versions add numbered migrations after {@link SCHEMA_V1}.
 * @module
 */

/** The schema version this adapter writes and understands. */
export const SCHEMA_VERSION = 1;

/**
 * Tables and indexes. Times are epoch-ms integers, booleans 0/1, structured fields JSON text.
 * A run's lease is two columns (not JSON) because the claim query filters and the index orders on its expiry.
 */
export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS campaigns (
  campaign_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  message_channel_id TEXT,
  group_ids TEXT NOT NULL,
  content TEXT NOT NULL,
  launched_at INTEGER,
  cancelled_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS campaigns_by_workspace ON campaigns (workspace_id, campaign_id);

CREATE TABLE IF NOT EXISTS groups (
  group_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- ordinal is first-insertion order within the group (an upsert of a known phone keeps it); clustering on it
-- makes listing a group in order a sequential read.
CREATE TABLE IF NOT EXISTS contacts (
  group_id TEXT NOT NULL REFERENCES groups (group_id),
  ordinal INTEGER NOT NULL,
  phone TEXT NOT NULL,
  name TEXT,
  attributes TEXT NOT NULL,
  region TEXT,
  number_type TEXT,
  PRIMARY KEY (group_id, ordinal)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_phone ON contacts (group_id, phone);

CREATE TABLE IF NOT EXISTS suppressions (
  workspace_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  PRIMARY KEY (workspace_id, phone)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  status TEXT NOT NULL,
  scheduled_at INTEGER,
  recurrence TEXT,
  recurrence_index INTEGER,
  parent_run_id TEXT,
  retry_of_run_id TEXT,
  recipients_fixed INTEGER NOT NULL,
  recipient_count INTEGER NOT NULL,
  total_batches INTEGER NOT NULL,
  current_batch INTEGER NOT NULL,
  units_reserved INTEGER NOT NULL,
  refund_state TEXT NOT NULL,
  failure_reason TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  fence INTEGER NOT NULL,
  occurrences_materialised INTEGER NOT NULL,
  materialised_until INTEGER,
  provider_errors INTEGER NOT NULL,
  triggered_at INTEGER,
  finished_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- NULL parents are distinct, so only children compete for a (parent, index) slot.
CREATE UNIQUE INDEX IF NOT EXISTS runs_child_slot ON runs (parent_run_id, recurrence_index);
CREATE INDEX IF NOT EXISTS runs_by_campaign ON runs (campaign_id, created_at, run_id);
-- Full claim order, so the next due run is the first index entry in range, with no sort of ties.
CREATE INDEX IF NOT EXISTS runs_due_in_order ON runs (status, scheduled_at, created_at, run_id);
CREATE INDEX IF NOT EXISTS runs_leased ON runs (status, lease_expires_at);
CREATE INDEX IF NOT EXISTS runs_refund_due ON runs (created_at, run_id) WHERE refund_state = 'due';

CREATE TABLE IF NOT EXISTS messages (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  name TEXT,
  attributes TEXT NOT NULL,
  body TEXT,
  sender_id TEXT NOT NULL,
  parts INTEGER NOT NULL,
  status TEXT NOT NULL,
  fence INTEGER NOT NULL,
  provider_message_id TEXT,
  error TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_id ON messages (message_id);
-- parts rides along so counts, sumParts and the batch pick are answered from the index alone.
CREATE INDEX IF NOT EXISTS messages_by_status ON messages (run_id, status, seq, parts);
CREATE INDEX IF NOT EXISTS messages_by_provider_id ON messages (provider_message_id)
  WHERE provider_message_id IS NOT NULL;

-- Delivery reports that arrived before their send was recorded.
CREATE TABLE IF NOT EXISTS early_reports (
  provider_message_id TEXT PRIMARY KEY,
  status TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ledger_entries (
  entry_key TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  run_id TEXT,
  kind TEXT NOT NULL,
  units INTEGER NOT NULL
) WITHOUT ROWID;
-- Running sums of the entries, kept in the same transaction as each entry.
CREATE TABLE IF NOT EXISTS ledger_balances (
  workspace_id TEXT PRIMARY KEY,
  balance INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_run_totals (
  run_id TEXT PRIMARY KEY,
  reserved INTEGER NOT NULL,
  consumed INTEGER NOT NULL,
  refunded INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS idempotency_records (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, key)
) WITHOUT ROWID;
`;
