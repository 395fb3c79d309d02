import type { Campaign, Content, Message, Millis, Run } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import type { ReserveOutcome } from "../ports/ledger.port.ts";
import type { RunPatch } from "../ports/run-store.port.ts";
import { render } from "../content/render.ts";
import { countSmsParts } from "../sms/part-counter.ts";

export interface Recipient {
  readonly phone: string;
  readonly name: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

const PAGE = 10_000;

/**
 * The recipients of a campaign now: the union of its attached groups in attach order, de-duplicated by
 * normalised phone (the first group's contact wins), minus the workspace's suppressed numbers.
 */
export async function loadAudience(deps: EngineDeps, campaign: Campaign): Promise<Recipient[]> {
  const byPhone = new Map<string, Recipient>();
  for (const groupId of campaign.group_ids) {
    for (let offset = 0;; offset += PAGE) {
      const page = await deps.groups.listContacts(groupId, offset, PAGE);
      for (const c of page) {
        if (!byPhone.has(c.phone)) byPhone.set(c.phone, { phone: c.phone, name: c.name, attributes: c.attributes });
      }
      if (page.length < PAGE) break;
    }
  }
  const phones = [...byPhone.keys()];
  for (let i = 0; i < phones.length; i += PAGE) {
    const suppressed = await deps.groups.suppressed(campaign.workspace_id, phones.slice(i, i + PAGE));
    for (const p of suppressed) byPhone.delete(p);
  }
  return [...byPhone.values()];
}

export interface PlannedMessage extends Recipient {
  readonly body: string | null;
  readonly parts: number;
  readonly status: "PENDING" | "SKIPPED";
  readonly error: string | null;
}

export interface MessagePlan {
  readonly rows: readonly PlannedMessage[];
  /** Sum of SMS parts over the messages that will be sent: the run's estimate. */
  readonly units: number;
  readonly sendable: number;
  /** For each placeholder, how many recipients cannot fill it. */
  readonly missing: ReadonlyMap<string, number>;
  /** Characters that forced some message into UCS-2, first appearance first. */
  readonly ucs2Characters: readonly string[];
}

/** Renders the content for every recipient and counts its parts. Pure. */
export function planMessages(recipients: readonly Recipient[], content: Content): MessagePlan {
  const missing = new Map<string, number>();
  const ucs2 = new Set<string>();
  let units = 0;
  let sendable = 0;
  const rows = recipients.map((r): PlannedMessage => {
    const rendered = render(content.body, r);
    if (!rendered.ok) {
      for (const key of rendered.missing) missing.set(key, (missing.get(key) ?? 0) + 1);
      return { ...r, body: null, parts: 0, status: "SKIPPED", error: `missing placeholder ${rendered.missing.map((k) => `{{${k}}}`).join(", ")}` };
    }
    const count = countSmsParts(rendered.text);
    for (const ch of count.ucs2Characters) ucs2.add(ch);
    units += count.parts;
    sendable++;
    return { ...r, body: rendered.text, parts: count.parts, status: "PENDING", error: null };
  });
  return { rows, units, sendable, missing, ucs2Characters: [...ucs2] };
}

/** The message rows of `run` for a plan. */
export function toMessages(deps: EngineDeps, run: Run, plan: MessagePlan, senderId: string, now: Millis): Message[] {
  return plan.rows.map((p, seq) => ({
    message_id: deps.ids.next("msg"),
    run_id: run.run_id,
    campaign_id: run.campaign_id,
    workspace_id: run.workspace_id,
    seq,
    phone: p.phone,
    name: p.name,
    attributes: p.attributes,
    body: p.body,
    sender_id: senderId,
    parts: p.parts,
    status: p.status,
    fence: 0,
    provider_message_id: null,
    error: p.error,
    updated_at: now,
  }));
}

export function batchesFor(pending: number, batchSize: number): number {
  return Math.ceil(pending / batchSize);
}

/**
 * Writes a run's message rows (replacing rows left by an attempt that stopped half-way) and reserves their
 * units; when the balance is short the rows are removed again, so nothing is left behind.
 */
export async function writeAndReserve(
  deps: EngineDeps,
  run: Run,
  plan: MessagePlan,
  senderId: string,
  now: Millis,
): Promise<ReserveOutcome> {
  await deps.messages.deleteRun(run.run_id);
  await deps.messages.insertMany(toMessages(deps, run, plan, senderId, now));
  const reserved = await deps.ledger.reserve(run.workspace_id, run.run_id, plan.units);
  if (reserved === "insufficient") await deps.messages.deleteRun(run.run_id);
  return reserved;
}

/** The run fields that record a fixed recipient list and its reservation. */
export function fixedFields(plan: MessagePlan, batchSize: number, now: Millis): RunPatch {
  return {
    recipients_fixed: true,
    recipient_count: plan.rows.length,
    total_batches: batchesFor(plan.sendable, batchSize),
    current_batch: 0,
    units_reserved: plan.units,
    triggered_at: now,
    updated_at: now,
  };
}
