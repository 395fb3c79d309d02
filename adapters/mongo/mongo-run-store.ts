import type { Collection, Db, Filter } from "mongodb";
import type { Millis, Run } from "../../core/domain/model.ts";
import type { ClaimRequest, RunCondition, RunPatch, RunStore } from "../../core/ports/run-store.port.ts";
import { COLLECTIONS } from "./documents/collections.documents.ts";
import {
  byCampaignFilter,
  CLAIM_SORT,
  claimNextFilter,
  claimNextUpdate,
  CREATION_SORT,
  fencedUpdateFilter,
  fromRunDoc,
  overdueFilter,
  refundsDueFilter,
  runPatchUpdate,
  templatesToExtendFilter,
  toRunDoc,
} from "./documents/run.documents.ts";
import { guarded, insertedDespiteDuplicates } from "./mongo-errors.ts";
import type { Stored } from "./documents/stored.documents.ts";

const STORE = "run store";

/**
 * Runs in the `runs` collection (`_id` = run_id). Each racing write is one conditional single-document write,
 * which MongoDB applies atomically: the claim is one `findOneAndUpdate`, every later write of the holder is
 * conditional on its fence.
 */
export class MongoRunStore implements RunStore {
  readonly #runs: Collection<Stored>;

  constructor(db: Db) {
    this.#runs = db.collection(COLLECTIONS.runs);
  }

  insert(run: Run): Promise<void> {
    return guarded(STORE, async () => {
      await this.#runs.insertOne(toRunDoc(run));
    });
  }

  /** Unordered insert; the unique (parent_run_id, recurrence_index) index refuses occurrences that exist. */
  insertChildren(children: readonly Run[]): Promise<number> {
    return guarded(STORE, async () => {
      if (children.length === 0) return 0;
      try {
        return (await this.#runs.insertMany(children.map(toRunDoc), { ordered: false })).insertedCount;
      } catch (error) {
        return insertedDespiteDuplicates(error);
      }
    });
  }

  get(runId: string): Promise<Run | null> {
    return guarded(STORE, async () => {
      const doc = await this.#runs.findOne({ _id: runId });
      return doc ? fromRunDoc(doc) : null;
    });
  }

  listByCampaign(campaignId: string): Promise<Run[]> {
    return guarded(STORE, async () => (await this.#runs.find(byCampaignFilter(campaignId)).sort(CREATION_SORT).toArray()).map(fromRunDoc));
  }

  update(runId: string, condition: RunCondition, patch: RunPatch): Promise<Run | null> {
    return guarded(STORE, async () => {
      const filter = fencedUpdateFilter(runId, condition);
      const update = runPatchUpdate(patch);
      // An empty patch writes nothing; it still answers whether the condition holds.
      const doc = update === null
        ? await this.#runs.findOne(filter)
        : await this.#runs.findOneAndUpdate(filter, update, { returnDocument: "after" });
      return doc ? fromRunDoc(doc) : null;
    });
  }

  claimNext(request: ClaimRequest): Promise<Run | null> {
    return guarded(STORE, async () => {
      const doc = await this.#runs.findOneAndUpdate(claimNextFilter(request), claimNextUpdate(request), {
        sort: CLAIM_SORT,
        returnDocument: "after",
      });
      return doc ? fromRunDoc(doc) : null;
    });
  }

  listOverdue(windowStart: Millis, limit: number): Promise<Run[]> {
    return this.#list(overdueFilter(windowStart), limit);
  }

  listRefundsDue(now: Millis, limit: number): Promise<Run[]> {
    return this.#list(refundsDueFilter(now), limit);
  }

  listTemplatesToExtend(horizonEnd: Millis, limit: number): Promise<Run[]> {
    return this.#list(templatesToExtendFilter(horizonEnd), limit);
  }

  #list(filter: Filter<Stored>, limit: number): Promise<Run[]> {
    return guarded(STORE, async () => {
      // MongoDB reads limit(0) as "no limit".
      if (limit <= 0) return [];
      return (await this.#runs.find(filter).sort(CREATION_SORT).limit(limit).toArray()).map(fromRunDoc);
    });
  }
}
