/**
 * Bench 4, memory while sending: the live heap a run of N recipients on SQLite adds at its peak, per recipient,
 * during launch (which plans every message at once) and during `worker.drain()` (which should hold one batch
 * at a time), against the retained size of one `Message` object measured in the same process: N messages
 * built and held in an array.
 * @module
 */
import { ManualClock, UlidIdGenerator } from "../../adapters/in-memory/index.ts";
import type { Message } from "../../core/domain/model.ts";
import type { MessageGateway } from "../../core/ports/message-gateway.port.ts";
import { must } from "../support/engine-harness.ts";
import { ACTOR, BODY, buildCampaign, ukContacts } from "./bench-fixtures.ts";
import { benchEngine, type BenchRow, collect, MiB, report, tempDir } from "./bench-kit.ts";

const N = Number(process.env.BENCH_MEMORY_N ?? 20_000);

/**
 * Samples the heap at chosen port calls: first heap used as it stands (garbage included: the raw peak), then
 * after a full collection (what is live at that moment). Calls into the message and group stores are the points
 * where a batch (or, at launch, the whole plan) is in hand, so the live peak of each cycle is seen.
 */
class LiveHeapProbe {
  #base = { heap: 0, rss: 0 };
  #peak = { raw: 0, live: 0, rss: 0 };

  reset(): void {
    collect();
    const m = process.memoryUsage();
    this.#base = { heap: m.heapUsed, rss: m.rss };
    this.#peak = { raw: m.heapUsed, live: m.heapUsed, rss: m.rss };
  }

  sample(): void {
    const raw = process.memoryUsage();
    collect();
    const live = process.memoryUsage().heapUsed;
    this.#peak = {
      raw: Math.max(this.#peak.raw, raw.heapUsed),
      live: Math.max(this.#peak.live, live),
      rss: Math.max(this.#peak.rss, raw.rss),
    };
  }

  /** Peak growth since `reset`, in bytes. */
  growth(): { raw: number; live: number; rss: number } {
    this.sample();
    return { raw: this.#peak.raw - this.#base.heap, live: this.#peak.live - this.#base.heap, rss: this.#peak.rss - this.#base.rss };
  }

  /** `port` with a sample taken before every method call. */
  wrap<T extends object>(port: T): T {
    return new Proxy(port, {
      get: (object, key) => {
        const value = Reflect.get(object, key, object) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          this.sample();
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }
}

/** A provider that accepts everything and remembers nothing, so the simulator's own records are not counted. */
function forgetfulGateway(): MessageGateway & { count: number } {
  const gateway = {
    count: 0,
    send: () => Promise.resolve({ accepted: true as const, provider_message_id: `p${++gateway.count}` }),
  };
  return gateway;
}

/** Bytes one message object retains: N of them, as the engine builds them, held in an array. */
function bytesPerMessage(n: number): number {
  const clock = new ManualClock("2026-05-12T12:00:00.000Z");
  const ids = new UlidIdGenerator(clock);
  collect();
  const before = process.memoryUsage().heapUsed;
  const held: Message[] = ukContacts(n).map((c, seq) => ({
    message_id: ids.next("msg"),
    run_id: "run_01JBENCH0000000000000000",
    campaign_id: "camp_01JBENCH000000000000000",
    workspace_id: "ws_a",
    seq,
    phone: c.phone,
    name: c.name,
    attributes: c.attributes,
    body: BODY.replace("{{name}}", c.name ?? ""),
    sender_id: "Kampeni",
    parts: 1,
    status: "PENDING",
    fence: 0,
    provider_message_id: null,
    error: null,
    updated_at: clock.now(),
  }));
  collect();
  const bytes = (process.memoryUsage().heapUsed - before) / held.length;
  if (held.length !== n) throw new Error("unreachable: keeps `held` alive until measured");
  return bytes;
}

async function main(): Promise<void> {
  const temp = tempDir();
  const probe = new LiveHeapProbe();
  const gateway = forgetfulGateway();
  const engine = await benchEngine({ kind: "sqlite", path: temp.file("engine.db") }, { gateway, wrap: (port) => probe.wrap(port), wrapStoresOnly: true });
  try {
    const perMessage = bytesPerMessage(N);
    const contacts = ukContacts(N);
    const { campaign_id } = await buildCampaign(engine, contacts);
    contacts.length = 0;

    probe.reset();
    must(await engine.service.launch(ACTOR, campaign_id, {}));
    const launch = probe.growth();

    probe.reset();
    await engine.worker.drain();
    const drain = probe.growth();
    const status = must(await engine.service.status(ACTOR, campaign_id));
    if (status.status !== "completed" || status.sent !== N || gateway.count !== N) {
      throw new Error(`drain did not send all ${N}: ${JSON.stringify(status)}, gateway saw ${gateway.count}`);
    }

    report([
      row("memory: launch (plans all), SQLite", launch, perMessage, 2, "live peak vs 1 Message object"),
      row("memory: drain (batches), SQLite", drain, perMessage, 0.25, "live peak vs 1 Message object"),
    ]);
  } finally {
    await engine.close();
    temp.remove();
  }
}

function row(name: string, growth: { raw: number; live: number; rss: number }, perMessage: number, target: number, note: string): BenchRow {
  const engine = growth.live / N;
  return {
    name,
    n: N,
    engine,
    baseline: perMessage,
    unit: "B/rcpt",
    engineWall: null,
    baselineWall: null,
    ratio: engine / perMessage,
    target,
    peakHeapMiB: MiB(growth.raw),
    peakRssMiB: MiB(growth.rss),
    note,
  };
}

await main();
