import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import type { SentRecord } from "../../../adapters/in-memory/index.ts";

/** What the simulated provider's journal(s) say it was handed. */
export interface GatewayTally {
  /** Records (one per message handed over, accepted or rejected). */
  readonly records: number;
  /** Keys handed over more than once, with how many times: must stay empty. */
  readonly duplicates: ReadonlyMap<string, number>;
  readonly accepted: ReadonlySet<string>;
  readonly rejected: ReadonlySet<string>;
  /** Seqs handed over, per run id. */
  readonly seqsByRun: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Reads SIMULATOR_LOG_FILE journals (missing files count as empty); a torn last line is not a record. */
export function readJournals(paths: readonly string[]): SentRecord[] {
  return paths.flatMap((path) => jsonLines<SentRecord>(path));
}

/** Tallies journal records by idempotency key (`<run_id>:<seq>`). */
export function tallyGateway(records: readonly SentRecord[]): GatewayTally {
  const seen = new Map<string, number>();
  const accepted = new Set<string>();
  const rejected = new Set<string>();
  const seqsByRun = new Map<string, Set<number>>();
  for (const r of records) {
    const key = r.idempotency_key;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    (r.accepted ? accepted : rejected).add(key);
    const cut = key.lastIndexOf(":");
    const runId = key.slice(0, cut);
    const seqs = seqsByRun.get(runId) ?? new Set<number>();
    seqs.add(Number(key.slice(cut + 1)));
    seqsByRun.set(runId, seqs);
  }
  const duplicates = new Map([...seen].filter(([, n]) => n > 1));
  return { records: records.length, duplicates, accepted, rejected, seqsByRun };
}

/** What the gateway probe saw: every call presented to the provider, including repeats it deduped. */
export interface ProbeTally {
  readonly presented: number;
  readonly distinctPresented: number;
  /** Calls beyond the first for a key: the calls in flight (or recorded too late) when a process died. */
  readonly represented: number;
  /** Repeats the provider answered from its idempotency memory (the process lived to see the answer). */
  readonly deduped: number;
}

/** Tallies the probe files written by `gateway-probe.ts`. */
export function tallyProbe(paths: readonly string[]): ProbeTally {
  const events = paths.flatMap((path) => jsonLines<{ k: string; e: "presented" | "deduped" }>(path));
  const presented = events.filter((e) => e.e === "presented");
  const distinct = new Set(presented.map((e) => e.k)).size;
  return {
    presented: presented.length,
    distinctPresented: distinct,
    represented: presented.length - distinct,
    deduped: events.filter((e) => e.e === "deduped").length,
  };
}

/** Counts complete lines of a growing file cheaply, reading only what was appended since the last call. */
export class LineCounter {
  #offset = 0;
  #lines = 0;
  constructor(private readonly path: string) {}

  count(): number {
    if (!existsSync(this.path)) return this.#lines;
    const size = statSync(this.path).size;
    if (size <= this.#offset) return this.#lines;
    const buffer = Buffer.alloc(size - this.#offset);
    const fd = openSync(this.path, "r");
    try {
      readSync(fd, buffer, 0, buffer.length, this.#offset);
    } finally {
      closeSync(fd);
    }
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0) return this.#lines;
    for (let i = 0; i <= lastNewline; i++) if (buffer[i] === 0x0a) this.#lines++;
    this.#offset += lastNewline + 1;
    return this.#lines;
  }
}

function jsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").flatMap((line) => {
    if (!line) return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}
