import { createEngine, DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineDeps } from "../../core/index.ts";
import type { Actor } from "../../core/service.types.ts";
import {
  createMemoryStores,
  ManualClock,
  RecordingLogger,
  SimulatedSmsGateway,
  type SimulatorOptions,
  UlidIdGenerator,
} from "../../adapters/in-memory/index.ts";
import { CronerCronEvaluator } from "../../adapters/croner/croner-cron-evaluator.ts";
import { LibphonenumberNormalizer } from "../../adapters/libphonenumber/libphonenumber-normalizer.ts";

export interface HarnessOptions {
  readonly config?: Partial<EngineConfig>;
  readonly simulator?: SimulatorOptions;
  readonly start?: string;
  readonly balance?: number;
}

/**
 * An engine on in-memory stores under a manual clock, with the simulated gateway: the whole product in one
 * process, in virtual time. Workspace `ws_a` starts with `balance` units (default 1,000,000), `ws_b` too.
 */
export async function createHarness(options: HarnessOptions = {}) {
  const clock = new ManualClock(options.start ?? "2026-05-12T12:00:00.000Z");
  const stores = createMemoryStores();
  const gateway = new SimulatedSmsGateway(options.simulator);
  const logger = new RecordingLogger();
  const deps: EngineDeps = {
    ...stores,
    gateway,
    cron: new CronerCronEvaluator(),
    phones: new LibphonenumberNormalizer(),
    clock,
    ids: new UlidIdGenerator(clock),
    logger,
    config: { ...DEFAULT_ENGINE_CONFIG, defaultRegion: "GB", ...options.config },
  };
  const engine = createEngine(deps, "test-worker");
  const balance = options.balance ?? 1_000_000;
  await stores.ledger.credit("ws_a", balance, "initial");
  await stores.ledger.credit("ws_b", balance, "initial");
  return { ...engine, deps, stores, clock, gateway, logger, a: { workspace_id: "ws_a" } as Actor, b: { workspace_id: "ws_b" } as Actor };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** Unwraps a successful result or fails the test with the failure. */
export function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** A campaign with one group of `phones`, SMS content and one run scheduled at `at` (default: now). */
export async function readyCampaign(
  h: Harness,
  phones: readonly string[],
  options: { body?: string; at?: number | null; actor?: Actor } = {},
) {
  const actor = options.actor ?? h.a;
  const campaign = must(await h.service.createCampaign(actor, { name: "Promo", workspace_id: actor.workspace_id, message_channel_id: "sms" }));
  const group = must(await h.service.createGroup(actor, { name: "Customers" }));
  must(await h.service.importContacts(actor, group.group_id, phones.map((phone, i) => ({ phone, name: `Person ${i}` }))));
  must(await h.service.attachAudience(actor, campaign.campaign_id, group.group_id));
  must(await h.service.putContent(actor, campaign.campaign_id, "sms", { body: options.body ?? "Hello {{name}}", sender_id: "Kampeni" }));
  const run = must(await h.service.createRun(actor, campaign.campaign_id, { scheduled_at: options.at === undefined ? h.clock.now() : options.at }));
  return { campaign_id: campaign.campaign_id, group_id: group.group_id, run_id: run.run_id };
}

/** `n` distinct valid UK mobile numbers in E.164. */
export function ukMobiles(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+447400${String(from + i).padStart(6, "0")}`);
}
