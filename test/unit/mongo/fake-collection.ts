/**
 * A simulated MongoDB collection (see `fake-db.ts`): mingo evaluates filters, updates and pipelines; unique
 * indexes refuse duplicates with MongoDB's error code; bulk failures surface as `MongoBulkWriteError`.
 * @module
 */
import { Aggregator, Query, update as mingoUpdate } from "mingo";
import { type Document, MongoBulkWriteError, MongoServerError, type WriteError } from "mongodb";
import { copy, type Doc, DUPLICATE_KEY, FakeCursor, matches, UniqueIndex } from "./fake-collection-parts.ts";

/** Called before every operation: where faults are injected and other calls may run in between. */
export interface Gate {
  enter(collection: string, method: string): Promise<void>;
}

/** One simulated collection; every method passes the gate first (faults, interleaving). */
export class FakeCollection {
  readonly docs: Doc[] = [];
  readonly #unique: UniqueIndex[] = [new UniqueIndex(["_id"], null)];
  #ids = 0;

  constructor(readonly name: string, private readonly server: Gate) {}

  async createIndex(key: Document, options: Document = {}) {
    await this.server.enter(this.name, "createIndex");
    if (options["unique"]) {
      const index = new UniqueIndex(Object.keys(key), options["partialFilterExpression"] ?? null);
      for (const doc of this.docs) index.add(doc);
      this.#unique.push(index);
    }
    return String(options["name"]);
  }

  async createIndexes(specs: readonly Document[]) {
    const names: string[] = [];
    for (const { key, ...options } of specs) names.push(await this.createIndex(key, options));
    return names;
  }

  async insertOne(doc: Doc) {
    await this.server.enter(this.name, "insertOne");
    this.#insert(doc);
    return { acknowledged: true, insertedId: doc["_id"] };
  }

  async insertMany(docs: readonly Doc[], options: { ordered?: boolean } = {}) {
    await this.server.enter(this.name, "insertMany");
    let inserted = 0;
    const errors: WriteError[] = [];
    for (const [index, doc] of docs.entries()) {
      try {
        this.#insert(doc);
        inserted++;
      } catch (error) {
        errors.push(writeError(error, index, doc));
        if (options.ordered !== false) break;
      }
    }
    if (errors.length > 0) throw bulkError(errors, { insertedCount: inserted });
    return { acknowledged: true, insertedCount: inserted };
  }

  async findOne(filter: Document, options: { projection?: Document } = {}) {
    await this.server.enter(this.name, "findOne");
    const [first] = await new FakeCursor(async () => this.#matching(filter), options.projection).limit(1).toArray();
    return first ?? null;
  }

  find(filter: Document, options: { projection?: Document } = {}) {
    return new FakeCursor(async () => {
      await this.server.enter(this.name, "find");
      return this.#matching(filter);
    }, options.projection);
  }

  async countDocuments(filter: Document) {
    await this.server.enter(this.name, "countDocuments");
    return this.#matching(filter).length;
  }

  aggregate(pipeline: Document[]) {
    return {
      toArray: async () => {
        await this.server.enter(this.name, "aggregate");
        return new Aggregator(pipeline).run(copy(this.docs));
      },
    };
  }

  async findOneAndUpdate(filter: Document, update: Document, options: Document = {}) {
    await this.server.enter(this.name, "findOneAndUpdate");
    const target = this.#first(filter, options["sort"]);
    const before = target ? copy(target) : null;
    const after = this.#updateOne(target, filter, update, Boolean(options["upsert"])).doc;
    return options["returnDocument"] === "after" ? (after ? copy(after) : null) : before;
  }

  async updateOne(filter: Document, update: Document, options: Document = {}) {
    await this.server.enter(this.name, "updateOne");
    const outcome = this.#updateOne(this.#first(filter), filter, update, Boolean(options["upsert"]));
    return { matchedCount: outcome.matched ? 1 : 0, upsertedCount: outcome.upserted ? 1 : 0 };
  }

  async updateMany(filter: Document, update: Document) {
    await this.server.enter(this.name, "updateMany");
    const targets = this.docs.filter((d) => matches(filter, d));
    for (const doc of targets) this.#apply(doc, update);
    return { matchedCount: targets.length };
  }

  async replaceOne(filter: Document, replacement: Doc) {
    await this.server.enter(this.name, "replaceOne");
    const target = this.#first(filter);
    if (!target) return { matchedCount: 0 };
    this.#unindex(target);
    const next = { ...copy(replacement), _id: target["_id"] };
    this.docs[this.docs.indexOf(target)] = next;
    this.#index(next);
    return { matchedCount: 1 };
  }

  async deleteMany(filter: Document) {
    await this.server.enter(this.name, "deleteMany");
    const keep = this.docs.filter((d) => !matches(filter, d));
    const deletedCount = this.docs.length - keep.length;
    for (const doc of this.docs) if (!keep.includes(doc)) this.#unindex(doc);
    this.docs.splice(0, this.docs.length, ...keep);
    return { deletedCount };
  }

  async deleteOne(filter: Document) {
    await this.server.enter(this.name, "deleteOne");
    const target = this.#first(filter);
    if (target) {
      this.#unindex(target);
      this.docs.splice(this.docs.indexOf(target), 1);
    }
    return { deletedCount: target ? 1 : 0 };
  }

  async bulkWrite(ops: readonly Document[], options: { ordered?: boolean } = {}) {
    await this.server.enter(this.name, "bulkWrite");
    const result = { matchedCount: 0, upsertedCount: 0, insertedCount: 0, upsertedIds: {} as Record<number, unknown> };
    const errors: WriteError[] = [];
    for (const [index, op] of ops.entries()) {
      const u = op["updateOne"] as Document | undefined;
      if (!u) throw new Error("the fake bulkWrite only runs updateOne operations");
      try {
        const outcome = this.#updateOne(this.#first(u["filter"]), u["filter"], u["update"], Boolean(u["upsert"]));
        if (outcome.matched) result.matchedCount++;
        if (outcome.upserted) {
          result.upsertedCount++;
          result.upsertedIds[index] = outcome.doc!["_id"];
        }
      } catch (error) {
        errors.push(writeError(error, index, op));
        if (options.ordered !== false) break;
      }
    }
    if (errors.length > 0) throw bulkError(errors, result);
    return result;
  }

  #matching(filter: Document): Doc[] {
    return copy(this.docs.filter((d) => matches(filter, d)));
  }

  #first(filter: Document, sort?: Document): Doc | undefined {
    // Equality on every field of a unique index: one map lookup instead of a scan.
    const equalities = Object.entries(filter).every(([k, v]) => !k.startsWith("$") && (typeof v === "string" || typeof v === "number"));
    for (const index of !sort && equalities ? this.#unique : []) {
      const candidate = index.lookup(filter);
      if (candidate !== null) return candidate && matches(filter, candidate) ? candidate : undefined;
    }
    const found = new Query(filter).find<Doc>(this.docs);
    return (sort ? found.sort(sort) : found).limit(1).all()[0];
  }

  #insert(doc: Doc): void {
    const stored = copy(doc);
    stored["_id"] ??= `oid_${++this.#ids}`;
    this.#checkUnique(stored, null);
    this.docs.push(stored);
    this.#index(stored);
  }

  /** One update of `target`, or an upsert when there is none: the filter's equality fields plus the update. */
  #updateOne(target: Doc | undefined, filter: Document, update: Document, upsert: boolean) {
    if (target) {
      this.#apply(target, update);
      return { matched: true, upserted: false, doc: target };
    }
    if (!upsert) return { matched: false, upserted: false, doc: undefined };
    const base = Object.fromEntries(Object.entries(filter).filter(([k, v]) => !k.startsWith("$") && !isOperatorObject(v)));
    const { $setOnInsert, ...rest } = update;
    const doc = { ...copy(base), ...copy(($setOnInsert as Doc | undefined) ?? {}) };
    mingoUpdate(doc, rest as never);
    this.#insert(doc);
    return { matched: false, upserted: true, doc: this.docs.at(-1)! };
  }

  #apply(doc: Doc, update: Document): void {
    const next = copy(doc);
    const { $setOnInsert: _ignored, ...rest } = update;
    mingoUpdate(next, rest as never);
    this.#checkUnique(next, doc);
    this.#unindex(doc);
    Object.keys(doc).forEach((k) => delete doc[k]);
    Object.assign(doc, next);
    this.#index(doc);
  }

  #checkUnique(doc: Doc, self: Doc | null): void {
    for (const index of this.#unique) index.check(doc, self);
  }

  #index(doc: Doc): void {
    for (const index of this.#unique) index.add(doc);
  }

  #unindex(doc: Doc): void {
    for (const index of this.#unique) index.remove(doc);
  }
}

function isOperatorObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !(value instanceof Date) && Object.keys(value).some((k) => k.startsWith("$"));
}

function writeError(error: unknown, index: number, op: Document): WriteError {
  if (!(error instanceof MongoServerError)) throw error;
  // The driver's WriteError class is exported as a type only; the adapters read `code` and `index`.
  return { code: error.code, index, errmsg: error.message, errInfo: {}, op } as unknown as WriteError;
}

function bulkError(errors: WriteError[], result: Document): MongoBulkWriteError {
  return new MongoBulkWriteError({ message: "E11000 duplicate key (bulk)", code: DUPLICATE_KEY, writeErrors: errors }, result as never);
}
