import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Container } from "inversify";
import type { Engine } from "../../core/engine.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { PhoneNormalizer } from "../../core/ports/phone-normalizer.port.ts";
import { type AppConfig, readConfig } from "./config.ts";
import { createContainer } from "./container.ts";
import { TOKENS } from "./tokens.ts";

/** Reads and validates the environment; on any bad value prints every problem and exits 1. */
export function configOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = readConfig(env);
  if (!result.ok) {
    process.stderr.write(`kampeni: invalid configuration:\n${result.errors.map((e) => `  - ${e}`).join("\n")}\n`);
    process.exit(1);
  }
  return result.config;
}

/** Builds the container and checks what only the adapters can check (the default region). */
export async function boot(config: AppConfig, role: string): Promise<{ container: Container; logger: Logger; engine: Engine }> {
  const container = createContainer(config, role);
  const phones = container.get<PhoneNormalizer>(TOKENS.Phones);
  if (!phones.isRegion(config.DEFAULT_REGION)) {
    process.stderr.write(`kampeni: invalid configuration:\n  - DEFAULT_REGION must be an ISO 3166 region code such as TZ, KE or GB, got '${config.DEFAULT_REGION}'\n`);
    process.exit(1);
  }
  if (role !== "all-in-one" && config.STORE === "memory") {
    process.stderr.write(`kampeni: invalid configuration:\n  - STORE=memory keeps data inside one process; a separate ${role} needs STORE=sqlite or STORE=mongo\n`);
    process.exit(1);
  }
  const logger = container.get<Logger>(TOKENS.Logger);
  if (role !== "all-in-one" && config.FLAGS === "memory") {
    logger.warn({}, "FLAGS=memory in a separate process: pause and cancel reach this process only through the store, at batch boundaries; use FLAGS=redis to stop between provider calls");
  }
  let engine: Engine;
  try {
    engine = await container.getAsync<Engine>(TOKENS.Engine);
  } catch (error) {
    process.stderr.write(`kampeni: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  return { container, logger, engine };
}

/**
 * The API keys: CAMPAIGN_API_KEYS, or on the embedded default one generated dev key for workspace `ws_dev`,
 * printed at start-up. Every workspace gets its starting balance once (idempotent across restarts).
 */
export async function apiKeys(config: AppConfig, engine: Engine, logger: Logger): Promise<ReadonlyMap<string, string>> {
  let keys = config.CAMPAIGN_API_KEYS;
  if (keys === null) {
    const key = devKey(config.DEV_KEY_FILE);
    keys = new Map([[key, "ws_dev"]]);
    process.stdout.write(`\n  Kampeni dev API key (workspace ws_dev), also in ${config.DEV_KEY_FILE}:\n  export KAMPENI_API_KEY=${key}\n\n`);
  }
  for (const workspace of new Set(keys.values())) {
    const credited = await engine.service.credit(workspace, Math.max(config.DEFAULT_BALANCE, 1), "initial-balance");
    if (credited.ok && credited.value.applied) logger.info({ workspace_id: workspace, units: config.DEFAULT_BALANCE }, "workspace credited with its starting balance");
  }
  return keys;
}

/** Runs `shutdown` once on SIGTERM or SIGINT, then exits 0 (1 if shutting down failed). */
export function onSignals(logger: Logger, shutdown: () => Promise<void>): void {
  let called = false;
  const handler = (signal: string) => {
    if (called) return;
    called = true;
    logger.info({ signal }, "shutting down");
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => handler("SIGTERM"));
  process.on("SIGINT", () => handler("SIGINT"));
}

/** The embedded default's dev key: generated once, kept in a file so it survives restarts. */
function devKey(file: string): string {
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (/^kmp_dev_[A-Za-z0-9_-]{16,}$/.test(existing)) return existing;
  } catch {
    // No key yet.
  }
  const key = `kmp_dev_${randomBytes(18).toString("base64url")}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
