/**
 * Builders of valid domain objects for the contract suites (and any other test): every field has a sensible
 * default, ids are fresh on every call, and a test overrides only what it is about.
 * @module
 */
import type { Campaign, Contact, Group, Message, Millis, Recurrence, Run } from "../../core/domain/model.ts";
import type { IdempotencyRecord } from "../../core/ports/idempotency-store.port.ts";
import { newRun } from "../../core/use-cases/new-run.ts";

/** A fixed instant the suites count from (no wall clock: the stores take time as an argument). */
export const T0: Millis = Date.parse("2026-05-12T12:00:00.000Z");
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

let counter = 0;

/**
 * An id nobody used before, even across processes sharing one database (a random part per call), so suites
 * may run against a store that outlives one test.
 */
export function freshId(prefix: string): string {
  counter++;
  const random = globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16);
  return `${prefix}_${counter.toString(36).padStart(4, "0")}${random}`;
}

/**
 * `count` ids that sort (as strings) in the order they are returned and after nothing else in the test, for
 * suites about ordering by id.
 */
export function orderedIds(prefix: string, count: number): string[] {
  const base = freshId(prefix);
  return Array.from({ length: count }, (_, i) => `${base}_${i.toString().padStart(6, "0")}`);
}

/** A one-shot run in status `ready`, never claimed, with every counter at zero. */
export function aRun(overrides: Partial<Run> = {}): Run {
  const base = { run_id: freshId("run"), campaign_id: freshId("camp"), workspace_id: "ws_contract", status: "ready" as const, scheduled_at: null };
  return { ...newRun(base, T0), ...overrides };
}

/** A weekly schedule with no end, as a template's `recurrence`. */
export function aRecurrence(overrides: Partial<Recurrence> = {}): Recurrence {
  return { cron: "0 9 * * 1", timezone: "Africa/Dar_es_Salaam", starts_at: null, ends_at: null, max_occurrences: null, ...overrides };
}

/** A draft SMS campaign with no groups and one content row. */
export function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    campaign_id: freshId("camp"),
    workspace_id: "ws_contract",
    name: "Contract campaign",
    description: null,
    message_channel_id: "sms",
    group_ids: [],
    content: { sms: { body: "Hello {{name}}", sender_id: "Kampeni" } },
    launched_at: null,
    cancelled_at: null,
    created_at: T0,
    updated_at: T0,
    version: 1,
    ...overrides,
  };
}

/** An empty contact group. */
export function aGroup(overrides: Partial<Group> = {}): Group {
  return { group_id: freshId("grp"), workspace_id: "ws_contract", name: "Contract group", created_at: T0, ...overrides };
}

let phoneCounter = 0;

/** A UK mobile contact with a phone no earlier call of this builder returned. */
export function aContact(overrides: Partial<Contact> = {}): Contact {
  phoneCounter++;
  return {
    phone: `+4474${phoneCounter.toString().padStart(8, "0")}`,
    name: `Contact ${phoneCounter}`,
    attributes: {},
    region: "GB",
    number_type: "MOBILE",
    ...overrides,
  };
}

/** A PENDING one-part message at seq 0 of a fresh run. */
export function aMessage(overrides: Partial<Message> = {}): Message {
  phoneCounter++;
  return {
    message_id: freshId("msg"),
    run_id: freshId("run"),
    campaign_id: freshId("camp"),
    workspace_id: "ws_contract",
    seq: 0,
    phone: `+4474${phoneCounter.toString().padStart(8, "0")}`,
    name: null,
    attributes: {},
    body: "Hello",
    sender_id: "Kampeni",
    parts: 1,
    status: "PENDING",
    fence: 0,
    provider_message_id: null,
    error: null,
    updated_at: T0,
    ...overrides,
  };
}

/** `count` PENDING messages of one run at seq 0..count-1; `each` adjusts a row by its seq. */
export function messagesOf(
  run: Pick<Run, "run_id" | "campaign_id" | "workspace_id">,
  count: number,
  each: (seq: number) => Partial<Message> = () => ({}),
): Message[] {
  return Array.from({ length: count }, (_, seq) =>
    aMessage({ run_id: run.run_id, campaign_id: run.campaign_id, workspace_id: run.workspace_id, seq, ...each(seq) }));
}

/** A stored 201 response for a fresh key. */
export function anIdempotencyRecord(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    workspace_id: "ws_contract",
    key: freshId("key"),
    fingerprint: "POST /v1/campaign sha256:0001",
    status: 201,
    body: "{\"success\":true}",
    created_at: T0,
    ...overrides,
  };
}
