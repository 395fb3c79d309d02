import type { Message, MessageStatus } from "../../core/domain/model.ts";

/** A message as stored: attributes as JSON text. */
export interface MessageRow {
  run_id: string;
  seq: number;
  message_id: string;
  campaign_id: string;
  workspace_id: string;
  phone: string;
  name: string | null;
  attributes: string;
  body: string | null;
  sender_id: string;
  parts: number;
  status: string;
  fence: number;
  provider_message_id: string | null;
  error: string | null;
  updated_at: number;
}

/** Every column, in table order (for INSERT). */
export const MESSAGE_COLUMNS: readonly (keyof MessageRow)[] = [
  "run_id", "seq", "message_id", "campaign_id", "workspace_id", "phone", "name", "attributes", "body",
  "sender_id", "parts", "status", "fence", "provider_message_id", "error", "updated_at",
];

/** A message as its row. */
export const toMessageRow = (m: Message): MessageRow => ({
  run_id: m.run_id,
  seq: m.seq,
  message_id: m.message_id,
  campaign_id: m.campaign_id,
  workspace_id: m.workspace_id,
  phone: m.phone,
  name: m.name,
  attributes: JSON.stringify(m.attributes),
  body: m.body,
  sender_id: m.sender_id,
  parts: m.parts,
  status: m.status,
  fence: m.fence,
  provider_message_id: m.provider_message_id,
  error: m.error,
  updated_at: m.updated_at,
});

/** A row as the message it stores. */
export const fromMessageRow = (r: MessageRow): Message => ({
  message_id: r.message_id,
  run_id: r.run_id,
  campaign_id: r.campaign_id,
  workspace_id: r.workspace_id,
  seq: r.seq,
  phone: r.phone,
  name: r.name,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  body: r.body,
  sender_id: r.sender_id,
  parts: r.parts,
  status: r.status as MessageStatus,
  fence: r.fence,
  provider_message_id: r.provider_message_id,
  error: r.error,
  updated_at: r.updated_at,
});
