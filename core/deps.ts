import type { CampaignStore } from "./ports/campaign-store.port.ts";
import type { Clock } from "./ports/clock.port.ts";
import type { CronEvaluator } from "./ports/cron.port.ts";
import type { FlagStore } from "./ports/flag-store.port.ts";
import type { GroupStore } from "./ports/group-store.port.ts";
import type { IdGenerator } from "./ports/id-generator.port.ts";
import type { Ledger } from "./ports/ledger.port.ts";
import type { Logger } from "./ports/logger.port.ts";
import type { MessageGateway } from "./ports/message-gateway.port.ts";
import type { MessageStore } from "./ports/message-store.port.ts";
import type { PhoneNormalizer } from "./ports/phone-normalizer.port.ts";
import type { RunStore } from "./ports/run-store.port.ts";

/** Tunables of the engine; the apps read them from the environment. */
export interface EngineConfig {
  /** Recipients per batch (default 1000). */
  readonly batchSize: number;
  /** A scheduled run older than this is failed as `missed_pickup_window` (default 24 h). */
  readonly pickupWindowMs: number;
  /** How long a claim holds a run without renewal (default 60 s). */
  readonly leaseMs: number;
  /** ISO region for numbers written without a country code. */
  readonly defaultRegion: string;
  /** How far ahead recurring occurrences are materialised (default 90 days)… */
  readonly horizonMs: number;
  /** …and at most how many future occurrences at once (default 500). */
  readonly horizonOccurrences: number;
  /** Consecutive provider transport failures after which a run fails (default 5). */
  readonly maxProviderErrors: number;
  /** Provider outcomes are recorded every this many calls within a batch (default 100). */
  readonly flushEvery: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  batchSize: 1000,
  pickupWindowMs: 24 * 60 * 60 * 1000,
  leaseMs: 60_000,
  defaultRegion: "TZ",
  horizonMs: 90 * 24 * 60 * 60 * 1000,
  horizonOccurrences: 500,
  maxProviderErrors: 5,
  flushEvery: 100,
};

/** Everything the use cases need, passed in explicitly. */
export interface EngineDeps {
  readonly campaigns: CampaignStore;
  readonly groups: GroupStore;
  readonly runs: RunStore;
  readonly messages: MessageStore;
  readonly flags: FlagStore;
  readonly ledger: Ledger;
  readonly gateway: MessageGateway;
  readonly cron: CronEvaluator;
  readonly phones: PhoneNormalizer;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly config: EngineConfig;
}
