/** `npm run worker`: one worker process; run as many as the work needs. */
import { boot, configOrExit, onSignals } from "../shared/bootstrap.ts";
import type { AppMetrics } from "../shared/metrics.ts";
import { TOKENS } from "../shared/tokens.ts";
import { WorkerLoop } from "./worker-loop.ts";

const config = configOrExit();
const { container, logger, engine } = await boot(config, "worker");
const loop = new WorkerLoop(engine.worker, logger, container.get<AppMetrics>(TOKENS.Metrics), config.PICKUP_INTERVAL_MS);
loop.start();
logger.info({}, "kampeni worker is ready");
onSignals(logger, async () => {
  await loop.stop();
  await container.unbindAllAsync();
});
