/**
 * Bench 1, send throughput: one run of N recipients sent by `worker.drain()`, on in-memory stores and on SQLite,
 * against the irreducible part of the same work done by hand in the same process: N `gateway.send` calls and
 * N result rows written (to a Map, or to a plain SQLite table in one transaction per batch of 1000).
 * @module
 */
import Database from "better-sqlite3";
import { SimulatedSmsGateway } from "../../adapters/in-memory/index.ts";
import type { OutboundMessage } from "../../core/ports/message-gateway.port.ts";
import { must } from "../support/engine-harness.ts";
import { ACTOR, BODY, launchedCampaign, ukContacts } from "./bench-fixtures.ts";
import { type Backend, benchEngine, best, type Measured, measure, MemoryProbe, probed, report, tempDir, timeRow } from "./bench-kit.ts";

const N = Number(process.env.BENCH_SEND_N ?? 20_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const BATCH = 1000;

/** Launches a fresh campaign of `n` recipients (untimed), then times the worker sending it. */
async function engineSend(backend: Backend, n: number, probe: MemoryProbe): Promise<Measured> {
  const gateway = new SimulatedSmsGateway();
  const engine = await benchEngine(backend, { gateway, wrap: (port) => probed(port, probe) });
  try {
    const { campaign_id } = await launchedCampaign(engine, ukContacts(n));
    const measured = await measure(probe, () => engine.worker.drain());
    const status = must(await engine.service.status(ACTOR, campaign_id));
    if (status.status !== "completed" || status.sent !== n || gateway.sent.length !== n) {
      throw new Error(`engine did not send all ${n}: ${JSON.stringify(status)}, gateway saw ${gateway.sent.length}`);
    }
    return measured;
  } finally {
    await engine.close();
  }
}

/** The messages the baseline sends: what the engine hands the provider, rendered beforehand (untimed). */
function outbound(n: number): OutboundMessage[] {
  return ukContacts(n).map((c, i) => ({
    idempotency_key: `run_bench:${i}`,
    channel: "sms",
    to: c.phone,
    sender_id: "Kampeni",
    body: BODY.replace("{{name}}", c.name ?? ""),
  }));
}

interface ResultRow {
  readonly key: string;
  readonly status: string;
  readonly provider_message_id: string | null;
  readonly error: string | null;
  readonly updated_at: number;
}

/** N sends, each batch's results written by `write`. */
async function sendAll(messages: readonly OutboundMessage[], probe: MemoryProbe, write: (rows: ResultRow[]) => void) {
  const gateway = probed(new SimulatedSmsGateway(), probe);
  for (let i = 0; i < messages.length; i += BATCH) {
    const rows: ResultRow[] = [];
    for (const m of messages.slice(i, i + BATCH)) {
      const sent = await gateway.send(m);
      rows.push(sent.accepted
        ? { key: m.idempotency_key, status: "SENT", provider_message_id: sent.provider_message_id, error: null, updated_at: i }
        : { key: m.idempotency_key, status: "FAILED", provider_message_id: null, error: sent.error, updated_at: i });
    }
    write(rows);
  }
}

async function baselineMemory(n: number, probe: MemoryProbe): Promise<Measured> {
  const messages = outbound(n);
  const table = new Map<string, ResultRow>();
  return measure(probe, () => sendAll(messages, probe, (rows) => {
    for (const row of rows) table.set(row.key, row);
  }));
}

async function baselineSqlite(path: string, n: number, probe: MemoryProbe): Promise<Measured> {
  const messages = outbound(n);
  const db = new Database(path);
  // The same durability settings as the adapter, so the comparison is about work, not fsync policy.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE results (key TEXT PRIMARY KEY, status TEXT NOT NULL, provider_message_id TEXT, error TEXT, updated_at INTEGER NOT NULL)");
  const insert = db.prepare<[ResultRow]>("INSERT INTO results VALUES (@key, @status, @provider_message_id, @error, @updated_at)");
  const write = db.transaction((rows: ResultRow[]) => {
    for (const row of rows) insert.run(row);
  });
  try {
    return await measure(probe, () => sendAll(messages, probe, write));
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const probe = new MemoryProbe();
  const temp = tempDir();
  let files = 0;
  const sqlite = (): Backend => ({ kind: "sqlite", path: temp.file(`engine-${files++}.db`) });
  const plain = () => temp.file(`plain-${files++}.db`);
  try {
    // Warm-up at a tenth of the size, so neither side pays the other's JIT compilation.
    await engineSend({ kind: "memory" }, N / 10, probe);
    await engineSend(sqlite(), N / 10, probe);
    await baselineMemory(N / 10, probe);
    await baselineSqlite(plain(), N / 10, probe);

    // The baselines are cheap, so each runs on both sides of every engine pass: the cheapest of each side
    // counts, and a burst of load from elsewhere on the machine cannot favour the engine.
    const runs = { memEngine: [] as Measured[], memBase: [] as Measured[], sqlEngine: [] as Measured[], sqlBase: [] as Measured[] };
    for (let r = 0; r < REPEATS; r++) {
      runs.memBase.push(await baselineMemory(N, probe));
      runs.memEngine.push(await engineSend({ kind: "memory" }, N, probe));
      runs.memBase.push(await baselineMemory(N, probe));
      runs.sqlBase.push(await baselineSqlite(plain(), N, probe));
      runs.sqlEngine.push(await engineSend(sqlite(), N, probe));
      runs.sqlBase.push(await baselineSqlite(plain(), N, probe));
    }
    report([
      timeRow("send: drain, in-memory stores", N, best(runs.memEngine), best(runs.memBase), 6, "vs sends + Map writes"),
      timeRow("send: drain, SQLite stores", N, best(runs.sqlEngine), best(runs.sqlBase), 8, "vs sends + plain table, 1 txn/1000"),
    ]);
  } finally {
    temp.remove();
  }
}

await main();
