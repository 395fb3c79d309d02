import type { Millis } from "../../core/domain/model.ts";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly availability = new Availability("idempotency store");
  readonly #records = new Map<string, IdempotencyRecord>();

  get(workspaceId: string, key: string, notBefore: Millis): Promise<IdempotencyRecord | null> {
    this.availability.check();
    const r = this.#records.get(`${workspaceId}\u0000${key}`);
    return Promise.resolve(r && r.created_at >= notBefore ? r : null);
  }

  put(record: IdempotencyRecord, notBefore: Millis): Promise<boolean> {
    this.availability.check();
    const k = `${record.workspace_id}\u0000${record.key}`;
    const existing = this.#records.get(k);
    if (existing && existing.created_at >= notBefore) return Promise.resolve(false);
    this.#records.set(k, record);
    return Promise.resolve(true);
  }
}
