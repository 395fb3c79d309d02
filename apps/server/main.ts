/** `npm run server`: the API server alone (workers run as separate processes). */
import { apiKeys, boot, configOrExit, onSignals } from "../shared/bootstrap.ts";
import { startHttpServer } from "./http-server.ts";

const config = configOrExit();
const { container, logger, engine } = await boot(config, "server");
const keys = await apiKeys(config, engine, logger);
const server = await startHttpServer(container, keys).catch((error: unknown) => {
  process.stderr.write(`kampeni: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
logger.info({ port: server.port }, "kampeni API server is ready");
onSignals(logger, async () => {
  await server.close();
  await container.unbindAllAsync();
});
