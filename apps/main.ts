/** `npm start`: the API server and a worker in one process, on the embedded default stores. */
import { apiKeys, boot, configOrExit, onSignals } from "./shared/bootstrap.ts";
import type { AppMetrics } from "./shared/metrics.ts";
import { TOKENS } from "./shared/tokens.ts";
import { startHttpServer } from "./server/http-server.ts";
import { WorkerLoop } from "./worker/worker-loop.ts";

const config = configOrExit();
const { container, logger, engine } = await boot(config, "all-in-one");
const keys = await apiKeys(config, engine, logger);
const server = await startHttpServer(container, keys).catch((error: unknown) => {
  process.stderr.write(`kampeni: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
const loop = new WorkerLoop(engine.worker, logger, container.get<AppMetrics>(TOKENS.Metrics), config.PICKUP_INTERVAL_MS);
loop.start();
logger.info({ port: server.port, url: `http://${config.HOST}:${server.port}` }, "kampeni is ready: API server and worker");
onSignals(logger, async () => {
  await server.close();
  await loop.stop();
  await container.unbindAllAsync();
});
