import type { MessageStatus } from "./model.ts";

const NEXT: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  PENDING: ["QUEUED", "SKIPPED"],
  // SKIPPED when found suppressed at send time; back to PENDING when a batch is cut short before the call.
  QUEUED: ["SENT", "FAILED", "SKIPPED", "PENDING"],
  SENT: ["DELIVERED", "FAILED"],
  DELIVERED: [],
  FAILED: [],
  SKIPPED: [],
};

/** Pure: whether a message may move from `from` to `to`. A message never moves backwards. */
export function canMoveMessage(from: MessageStatus, to: MessageStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses that count as "reached the provider" for retry filtering and billing. */
export const DELIVERED_OR_SENT: readonly MessageStatus[] = ["SENT", "DELIVERED"];
