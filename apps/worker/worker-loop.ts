import { StoreUnavailableError } from "../../core/domain/result.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { DispatchOutcome } from "../../core/worker/dispatch-run.ts";
import type { Worker } from "../../core/worker/worker.ts";
import type { AppMetrics } from "../shared/metrics.ts";

/**
 * Dispatches that ended because something the run needs is down (flags, provider): the run is released and
 * claimable again at once, so re-ticking right away would claim it, fail and release it in a tight loop.
 */
const BLOCKED: ReadonlySet<DispatchOutcome> = new Set(["flags_unavailable", "provider_error"]);

/**
 * Drives the core worker in real time: ticks back to back while there is work, otherwise every `intervalMs`;
 * runs the refund reconciler every few ticks. A failing tick, or a dispatch blocked by a store or provider that
 * is down, is retried with a growing pause (the worker sends nothing meanwhile); the loop never dies of it.
 */
export class WorkerLoop {
  #stopping = false;
  #wake: (() => void) | null = null;
  #done: Promise<void> | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
    private readonly metrics: AppMetrics,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.#done ??= this.#run();
  }

  /** Finishes the provider call in flight, records it, releases the lease, then resolves. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.worker.stop();
    this.#wake?.();
    await this.#done;
  }

  async #run(): Promise<void> {
    let ticks = 0;
    let failures = 0;
    while (!this.#stopping) {
      let busy = false;
      try {
        const report = await this.worker.tick();
        this.metrics.observeTick(report);
        const outcome = report.dispatched?.outcome ?? null;
        busy = outcome !== null && !BLOCKED.has(outcome);
        if (++ticks % 10 === 0) await this.worker.reconcileRefunds();
        if (outcome !== null && BLOCKED.has(outcome)) {
          failures++;
        } else {
          if (failures > 0) this.logger.info({ after_failures: failures }, "stores answer again; worker resumed");
          failures = 0;
        }
      } catch (error) {
        failures++;
        if (error instanceof StoreUnavailableError) {
          if (failures === 1) this.logger.warn({ store: error.store }, "store unavailable: sending nothing until it answers");
        } else {
          this.logger.error({ err: error instanceof Error ? error.stack : String(error) }, "worker tick failed");
        }
      }
      if (this.#stopping) break;
      // Even back-to-back ticks yield to timers and I/O: with synchronous stores and an instant provider a tick
      // may never leave the microtask queue, which would starve reconnects, signals and log output.
      if (busy) await new Promise((resolve) => setImmediate(resolve));
      else await this.#sleep(Math.min(this.intervalMs * 2 ** Math.min(failures, 5), 30_000));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}
