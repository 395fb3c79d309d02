import { createServer, type Server } from "node:http";
import type { Container } from "inversify";
import type { Engine } from "../../core/engine.ts";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { IdGenerator } from "../../core/ports/id-generator.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import { createHttpApp } from "../../adapters/http-koa/index.ts";
import type { AppConfig } from "../shared/config.ts";
import type { AppMetrics } from "../shared/metrics.ts";
import type { FlagBundle, StoreBundle } from "../shared/stores.ts";
import { TOKENS } from "../shared/tokens.ts";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** Resolves the HTTP app from the container and listens; resolves once it accepts connections. */
export async function startHttpServer(container: Container, apiKeys: ReadonlyMap<string, string>): Promise<RunningServer> {
  const config = container.get<AppConfig>(TOKENS.Config);
  const engine = await container.getAsync<Engine>(TOKENS.Engine);
  const stores = await container.getAsync<StoreBundle>(TOKENS.Stores);
  const flags = await container.getAsync<FlagBundle>(TOKENS.Flags);
  const metrics = container.get<AppMetrics>(TOKENS.Metrics);
  const app = createHttpApp({
    service: engine.service,
    apiKeys,
    adminKey: config.ADMIN_API_KEY,
    deliveryReportSecret: config.DELIVERY_REPORT_SECRET,
    idempotency: stores.idempotency,
    clock: container.get<Clock>(TOKENS.Clock),
    ids: await container.getAsync<IdGenerator>(TOKENS.Ids),
    logger: container.get<Logger>(TOKENS.Logger),
    defaultRegion: config.DEFAULT_REGION,
    rateLimit: config.RATE_LIMIT_PER_SECOND > 0 ? { capacity: config.RATE_LIMIT_BURST, refillPerSecond: config.RATE_LIMIT_PER_SECOND } : null,
    readiness: async () => {
      const checks: Record<string, string> = {};
      for (const [name, ping] of [[`store:${stores.kind}`, stores.ping], [`flags:${flags.kind}`, flags.ping]] as const) {
        try {
          await ping();
          checks[name] = "ok";
        } catch (error) {
          // The error text may carry connection strings: it goes to the log, not the response.
          checks[name] = "unavailable";
          container.get<Logger>(TOKENS.Logger).warn({ check: name, err: error instanceof Error ? error.message : String(error) }, "readiness check failed");
        }
      }
      return { ready: Object.values(checks).every((v) => v === "ok"), checks };
    },
    metrics: () => metrics.text(),
  });
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${config.PORT} on ${config.HOST} is already in use (set PORT)`) : error)
    );
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
