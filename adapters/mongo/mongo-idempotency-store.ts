import type { Collection, Db } from "mongodb";
import type { Millis } from "../../core/domain/model.ts";
import type { IdempotencyRecord, IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import { fromIdempotencyDoc, liveRecordFilter, putFilter, putUpdate } from "./documents/idempotency.documents.ts";
import { guarded, isDuplicateKey } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "idempotency store";

/** Replays in `idempotency_records`, unique per (workspace_id, key), dropped by a TTL index after 24 h. */
export class MongoIdempotencyStore implements IdempotencyStore {
  readonly #records: Collection<Stored>;

  constructor(db: Db) {
    this.#records = db.collection(COLLECTIONS.idempotency);
  }

  get(workspaceId: string, key: string, notBefore: Millis): Promise<IdempotencyRecord | null> {
    return guarded(STORE, async () => {
      const doc = await this.#records.findOne(liveRecordFilter(workspaceId, key, notBefore));
      return doc ? fromIdempotencyDoc(doc) : null;
    });
  }

  /** One upsert: see `putFilter` for why a duplicate key means "a live record exists". */
  put(record: IdempotencyRecord, notBefore: Millis): Promise<boolean> {
    return guarded(STORE, async () => {
      try {
        await this.#records.updateOne(putFilter(record, notBefore), putUpdate(record), { upsert: true });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    });
  }
}
