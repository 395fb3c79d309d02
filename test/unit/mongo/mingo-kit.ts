/**
 * Evaluates the adapters' filter, update and pipeline documents on plain arrays with mingo, MongoDB's query
 * language in memory, so their semantics are tested without a server.
 * @module
 */
import { Aggregator, Query, update as mingoUpdate, updateOne as mingoUpdateOne } from "mingo";
import type { AnyBulkWriteOperation, Document, Sort } from "mongodb";

/** Whether `doc` matches `filter`. */
export function matches(filter: Document, doc: Document): boolean {
  return new Query(filter).test(doc);
}

/** The documents matching `filter`, in `sort` order when given (mingo's cursor sort). */
export function select<T extends Document>(docs: readonly T[], filter: Document, sort?: Sort): T[] {
  const cursor = new Query(filter).find<T>(docs as T[]);
  return sort ? cursor.sort(sort as Record<string, 1 | -1>).all() : cursor.all();
}

/** A deep copy of `doc` with the update operators applied (the input is left untouched). */
export function applied<T extends Document>(doc: T, update: Document): T {
  const copy = structuredClone(doc);
  mingoUpdate(copy, update as never);
  return copy;
}

/** `findOneAndUpdate` with `returnDocument: "after"`: updates the first match in `sort` order, in place. */
export function findOneAndUpdate<T extends Document>(docs: T[], filter: Document, update: Document, sort?: Sort): T | null {
  const result = mingoUpdateOne(docs, filter as never, update as never, sort ? { sort: sort as Record<string, 1 | -1> } : {});
  return result.modifiedIndex === undefined ? null : docs[result.modifiedIndex]!;
}

/** `updateMany` in place; returns how many matched. */
export function updateMany<T extends Document>(docs: T[], filter: Document, update: Document): number {
  let matched = 0;
  for (const doc of docs) {
    if (!matches(filter, doc)) continue;
    matched++;
    mingoUpdate(doc, update as never);
  }
  return matched;
}

/** An ordered bulk of `updateOne` operations (no upserts) in place; returns how many matched. */
export function bulkUpdate<T extends Document, S extends Document>(docs: T[], ops: readonly AnyBulkWriteOperation<S>[]): number {
  let matched = 0;
  for (const op of ops) {
    if (!("updateOne" in op)) throw new Error("only updateOne operations are simulated");
    const target = docs.find((d) => matches(op.updateOne.filter, d));
    if (!target) continue;
    matched++;
    mingoUpdate(target, op.updateOne.update as never);
  }
  return matched;
}

/** Runs an aggregation pipeline. */
export function aggregate(docs: readonly Document[], pipeline: readonly Document[]): Document[] {
  return new Aggregator([...pipeline]).run(docs as Document[]);
}
