/**
 * Row helpers shared by the message store suites.
 * @module
 */
import type { Message } from "../../core/domain/model.ts";
import type { MessageStore, SendResult } from "../../core/ports/message-store.port.ts";
import { aRun, messagesOf } from "./fixtures.ts";

/** Inserts `count` PENDING rows of a fresh run; `each` adjusts a row by its seq. */
export async function seedRun(store: MessageStore, count: number, each?: (seq: number) => Partial<Message>) {
  const run = aRun();
  const rows = messagesOf(run, count, each);
  await store.insertMany(rows);
  return { runId: run.run_id, rows };
}

/** A provider outcome for one row. */
export function result(seq: number, status: SendResult["status"], providerId: string | null = null): SendResult {
  return { seq, status, provider_message_id: providerId, error: status === "FAILED" ? "rejected by provider" : null };
}

/** All rows of a run, in seq order. */
export async function rowsOf(store: MessageStore, runId: string): Promise<Message[]> {
  return store.list(runId, { afterSeq: -1, limit: 100_000 });
}
