/**
 * Pieces of the simulated collection: a lazy cursor and unique indexes kept as maps.
 * @module
 */
import { Query } from "mingo";
import { type Document, MongoServerError } from "mongodb";

export type Doc = Record<string, unknown>;

export const DUPLICATE_KEY = 11000;
export const copy = <T>(value: T): T => structuredClone(value);
export const matches = (filter: Document, doc: Doc) => new Query(filter).test(doc);
const get = (doc: Doc, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Doc | undefined)?.[k], doc);

/** `find()`'s cursor: collects sort, skip and limit, applies them on `toArray()`. */
export class FakeCursor {
  #sort: Document | null = null;
  #skip = 0;
  #limit = 0;
  constructor(private readonly load: () => Promise<Doc[]>, private readonly projection: Document | undefined) {}
  sort(spec: Document) {
    this.#sort = spec;
    return this;
  }
  skip(n: number) {
    this.#skip = n;
    return this;
  }
  limit(n: number) {
    this.#limit = n;
    return this;
  }
  async toArray(): Promise<Doc[]> {
    const docs = await this.load();
    let cursor = new Query({}).find<Doc>(docs, this.projection as never);
    if (this.#sort) cursor = cursor.sort(this.#sort);
    cursor = cursor.skip(this.#skip);
    if (this.#limit > 0) cursor = cursor.limit(this.#limit);
    return cursor.all();
  }
}

/** A unique index, kept as a map from key to document so lookups and checks stay O(1). */
export class UniqueIndex {
  readonly entries = new Map<string, Doc>();
  constructor(readonly fields: readonly string[], readonly partial: Document | null) {}

  /** The document's key, or null when the partial filter leaves it out. */
  keyOf(doc: Doc): string | null {
    if (this.partial && !matches(this.partial, doc)) return null;
    return JSON.stringify(this.fields.map((f) => get(doc, f) ?? null));
  }

  /** Throws MongoDB's duplicate-key error when another document holds `doc`'s key. */
  check(doc: Doc, self: Doc | null): void {
    const key = this.keyOf(doc);
    const holder = key === null ? undefined : this.entries.get(key);
    if (holder && holder !== self) {
      throw new MongoServerError({ message: `E11000 duplicate key on ${this.fields.join(",")}`, code: DUPLICATE_KEY });
    }
  }

  add(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key !== null) this.entries.set(key, doc);
  }

  remove(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key !== null && this.entries.get(key) === doc) this.entries.delete(key);
  }

  /** The document a pure-equality filter on this index's fields can only be, when the index applies. */
  lookup(filter: Document): Doc | undefined | null {
    if (this.partial || !this.fields.every((f) => f in filter)) return null;
    return this.entries.get(JSON.stringify(this.fields.map((f) => filter[f])));
  }
}
