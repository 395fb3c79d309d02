import "reflect-metadata";
import { Container } from "inversify";
import { createEngine, DEFAULT_ENGINE_CONFIG, type Engine, type EngineDeps } from "../../core/index.ts";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { CronEvaluator } from "../../core/ports/cron.port.ts";
import type { IdGenerator } from "../../core/ports/id-generator.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { MessageGateway } from "../../core/ports/message-gateway.port.ts";
import type { PhoneNormalizer } from "../../core/ports/phone-normalizer.port.ts";
import { SimulatedSmsGateway, SystemClock, UlidIdGenerator } from "../../adapters/in-memory/index.ts";
import { CronerCronEvaluator } from "../../adapters/croner/croner-cron-evaluator.ts";
import { LibphonenumberNormalizer } from "../../adapters/libphonenumber/libphonenumber-normalizer.ts";
import type { AppConfig } from "./config.ts";
import { createPinoLogger } from "./logger.ts";
import { fileJournal } from "./simulator-journal.ts";
import { AppMetrics } from "./metrics.ts";
import { type FlagBundle, openFlags, openStores, type StoreBundle } from "./stores.ts";
import { TOKENS } from "./tokens.ts";

/**
 * The composition root shared by the server and the worker: every port bound to its adapter by an explicit
 * token, with factories (no decorators). Unbinding closes the clients (`container.unbindAllAsync()`).
 */
export function createContainer(config: AppConfig, role: string): Container {
  const c = new Container({ defaultScope: "Singleton" });
  const workerId = config.WORKER_ID ?? `${role}-${Math.random().toString(36).slice(2, 8)}`;
  c.bind<AppConfig>(TOKENS.Config).toConstantValue(config);
  c.bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
  c.bind<IdGenerator>(TOKENS.Ids).toResolvedValue((clock: Clock) => new UlidIdGenerator(clock), [TOKENS.Clock]);
  c.bind<Logger>(TOKENS.Logger).toResolvedValue(() => createPinoLogger(config.LOG_LEVEL, { role, worker_id: workerId }));
  c.bind<AppMetrics>(TOKENS.Metrics).toResolvedValue(() => new AppMetrics());
  c.bind<CronEvaluator>(TOKENS.Cron).toResolvedValue(() => new CronerCronEvaluator());
  c.bind<PhoneNormalizer>(TOKENS.Phones).toResolvedValue(() => new LibphonenumberNormalizer());
  c.bind<StoreBundle>(TOKENS.Stores).toResolvedValue(() => openStores(config)).onDeactivation((s) => s.close());
  c.bind<FlagBundle>(TOKENS.Flags).toResolvedValue((logger: Logger) => openFlags(config, logger), [TOKENS.Logger])
    .onDeactivation((f) => f.close());

  // Delivery reports of the simulator go to the engine, which is built after the gateway: a late-bound sink.
  const reports: { sink: ((id: string, status: "DELIVERED" | "FAILED") => Promise<unknown>) | null } = { sink: null };
  c.bind<MessageGateway>(TOKENS.Gateway).toResolvedValue((metrics: AppMetrics) =>
    metrics.instrument(
      new SimulatedSmsGateway({
        failNumbers: config.SIMULATOR_FAIL_NUMBERS,
        latencyMs: config.SIMULATOR_LATENCY_MS,
        dlrDelayMs: config.SIMULATOR_DLR_DELAY_MS,
        ...(config.SIMULATOR_LOG_FILE ? { journal: fileJournal(config.SIMULATOR_LOG_FILE) } : {}),
        onDeliveryReport: async (id, status) => {
          await reports.sink?.(id, status);
        },
      }),
    ), [TOKENS.Metrics]);

  c.bind<EngineDeps>(TOKENS.EngineDeps).toResolvedValue(
    (stores: StoreBundle, flags: FlagBundle, gateway: MessageGateway, cron: CronEvaluator, phones: PhoneNormalizer, clock: Clock, ids: IdGenerator, logger: Logger) => ({
      campaigns: stores.campaigns,
      groups: stores.groups,
      runs: stores.runs,
      messages: stores.messages,
      ledger: stores.ledger,
      flags: flags.flags,
      gateway,
      cron,
      phones,
      clock,
      ids,
      logger,
      config: {
        ...DEFAULT_ENGINE_CONFIG,
        batchSize: config.BATCH_SIZE,
        pickupWindowMs: config.PICKUP_WINDOW_MS,
        leaseMs: config.LEASE_MS,
        defaultRegion: config.DEFAULT_REGION,
        horizonMs: config.RECURRENCE_HORIZON_DAYS * 24 * 3_600_000,
        horizonOccurrences: config.RECURRENCE_HORIZON_OCCURRENCES,
        maxProviderErrors: config.MAX_PROVIDER_ERRORS,
        flushEvery: config.FLUSH_EVERY,
      },
    }),
    [TOKENS.Stores, TOKENS.Flags, TOKENS.Gateway, TOKENS.Cron, TOKENS.Phones, TOKENS.Clock, TOKENS.Ids, TOKENS.Logger],
  );
  c.bind<Engine>(TOKENS.Engine).toResolvedValue((deps: EngineDeps) => {
    const engine = createEngine(deps, workerId);
    reports.sink = (id, status) => engine.service.deliveryReport("simulator", { provider_message_id: id, status });
    return engine;
  }, [TOKENS.EngineDeps]);
  return c;
}
