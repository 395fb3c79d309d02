import type { Db } from "mongodb";
import { type IndexPlan, INDEXES } from "./documents/collections.documents.ts";

/**
 * Creates every index the adapters rely on (see `INDEXES`): one `createIndexes` command per collection, the
 * collections in parallel. Idempotent: an index that exists with the same definition is left as it is.
 * Run at start-up, before the stores serve traffic.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const byCollection = new Map<string, IndexPlan[]>();
  for (const plan of INDEXES) byCollection.set(plan.collection, [...(byCollection.get(plan.collection) ?? []), plan]);
  await Promise.all(
    [...byCollection].map(([collection, plans]) =>
      db.collection(collection).createIndexes(plans.map((p) => ({ key: { ...p.key }, ...p.options })))
    ),
  );
}
