import { createEngine, DEFAULT_ENGINE_CONFIG, type Engine } from "../../../core/index.ts";
import type { Message, MessageCounts, Run } from "../../../core/domain/model.ts";
import type { RunTotals } from "../../../core/ports/ledger.port.ts";
import { MemoryFlagStore, RecordingLogger, SimulatedSmsGateway, SystemClock, UlidIdGenerator } from "../../../adapters/in-memory/index.ts";
import { openSqliteStores, type SqliteStores } from "../../../adapters/sqlite/index.ts";
import { CronerCronEvaluator } from "../../../adapters/croner/croner-cron-evaluator.ts";
import { LibphonenumberNormalizer } from "../../../adapters/libphonenumber/libphonenumber-normalizer.ts";

/** The workspace every seeded campaign belongs to. */
export const WORKSPACE = "ws_proc";

/**
 * The test process's own view of the SQLite file the apps use: an engine on the same file (wall clock), to seed
 * launched runs the way the API would, and the stores, to read what the apps wrote.
 */
export interface SqliteFixture {
  readonly stores: SqliteStores;
  readonly engine: Engine;
  close(): Promise<void>;
}

/** Opens the file at `path` (creating it if needed); `batchSize` must match the apps' BATCH_SIZE. */
export function openFixture(path: string, batchSize: number): SqliteFixture {
  const stores = openSqliteStores(path, { busyTimeoutMs: 10_000 });
  const clock = new SystemClock();
  const engine = createEngine({
    ...stores,
    // Nothing is flagged at seeding time; the apps read flags from their own store.
    flags: new MemoryFlagStore(),
    gateway: new SimulatedSmsGateway(),
    cron: new CronerCronEvaluator(),
    phones: new LibphonenumberNormalizer(),
    clock,
    ids: new UlidIdGenerator(clock),
    logger: new RecordingLogger(),
    config: { ...DEFAULT_ENGINE_CONFIG, defaultRegion: "GB", batchSize },
  }, "seeder");
  return { stores, engine, close: () => stores.close() };
}

/** `n` distinct valid UK mobile numbers in E.164, from `from`. */
export function mobiles(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+447400${String(from + i).padStart(6, "0")}`);
}

export interface SeededRun {
  readonly campaign_id: string;
  readonly run_id: string;
  readonly recipients: number;
}

/**
 * Credits the workspace, then creates `campaigns` campaigns of `recipients` contacts each, every one with SMS
 * content and one run scheduled at `at` (default now), and launches them: with the default, all runs are due
 * when this resolves.
 */
export async function seedLaunchedRuns(fixture: SqliteFixture, campaigns: number, recipients: number, at?: number): Promise<SeededRun[]> {
  const s = fixture.engine.service;
  const actor = { workspace_id: WORKSPACE };
  await s.credit(WORKSPACE, 10_000_000, "process-test-balance");
  const seeded: SeededRun[] = [];
  for (let c = 0; c < campaigns; c++) {
    const campaign = must(await s.createCampaign(actor, { name: `Process ${c}`, workspace_id: WORKSPACE, message_channel_id: "sms" }));
    const id = campaign.campaign_id;
    const group = must(await s.createGroup(actor, { name: `Audience ${c}` }));
    const rows = mobiles(recipients, c * recipients).map((phone, i) => ({ phone, name: `Person ${i}` }));
    must(await s.importContacts(actor, group.group_id, rows));
    must(await s.attachAudience(actor, id, group.group_id));
    must(await s.putContent(actor, id, "sms", { body: "Hello {{name}}", sender_id: "Kampeni" }));
    must(await s.createRun(actor, id, { scheduled_at: at ?? Date.now() }));
    const launched = must(await s.launch(actor, id, {}));
    seeded.push({ campaign_id: id, run_id: launched.run_id, recipients: launched.recipient_count });
  }
  return seeded;
}

/** A run as the store holds it, its message counts and its ledger totals. */
export interface RunState {
  readonly run: Run;
  readonly counts: MessageCounts;
  readonly totals: RunTotals;
}

/** Reads one run's state from the store. */
export async function runState(fixture: SqliteFixture, runId: string): Promise<RunState> {
  const run = await fixture.stores.runs.get(runId);
  if (!run) throw new Error(`run ${runId} is not in the store`);
  return { run, counts: await fixture.stores.messages.counts(runId), totals: await fixture.stores.ledger.totals(runId) };
}

/**
 * The run when it is over as a worker leaves it: completed, lease released and the unsent units refunded (the
 * status is written first, the refund right after), else undefined; for polling.
 */
export async function settledRun(fixture: SqliteFixture, runId: string): Promise<RunState | undefined> {
  const state = await runState(fixture, runId);
  const { status, lease, refund_state } = state.run;
  return status === "completed" && lease === null && refund_state === "done" ? state : undefined;
}

/** Every message row of a run, in seq order. */
export async function allMessages(fixture: SqliteFixture, runId: string): Promise<Message[]> {
  const out: Message[] = [];
  for (let after = -1; ;) {
    const page = await fixture.stores.messages.list(runId, { afterSeq: after, limit: 5000 });
    out.push(...page);
    if (page.length < 5000) return out;
    after = page[page.length - 1]!.seq;
  }
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`seeding failed: ${JSON.stringify(result.error)}`);
  return result.value;
}
