import type { Millis } from "../../core/domain/model.ts";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly availability = new Availability("idempotency store");
  readonly #records = new Map<string, IdempotencyRecord>();

  async get(workspaceId: string, key: string, notBefore: Millis): Promise<IdempotencyRecord | null> {
    this.availability.check();
    const r = this.#records.get(`${workspaceId}\u0000${key}`);
    return r && r.created_at >= notBefore ? r : null;
  }

  async put(record: IdempotencyRecord, notBefore: Millis): Promise<boolean> {
    this.availability.check();
    const k = `${record.workspace_id}\u0000${record.key}`;
    const existing = this.#records.get(k);
    if (existing && existing.created_at >= notBefore) return false;
    this.#records.set(k, record);
    return true;
  }
}
