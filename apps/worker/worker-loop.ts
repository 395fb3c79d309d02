import { StoreUnavailableError } from "../../core/domain/result.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { Worker } from "../../core/worker/worker.ts";
import type { AppMetrics } from "../shared/metrics.ts";

/**
 * Drives the core worker in real time: ticks back to back while there is work, otherwise every `intervalMs`;
 * runs the refund reconciler every few ticks. A failing tick is logged and retried (the worker sends nothing
 * while a store is down); the loop never dies of it.
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
        busy = report.dispatched !== null;
        if (++ticks % 10 === 0) await this.worker.reconcileRefunds();
        if (failures > 0) this.logger.info({ after_failures: failures }, "stores answer again; worker resumed");
        failures = 0;
      } catch (error) {
        failures++;
        if (error instanceof StoreUnavailableError) {
          if (failures === 1) this.logger.warn({ store: error.store }, "store unavailable: sending nothing until it answers");
        } else {
          this.logger.error({ err: error instanceof Error ? error.stack : String(error) }, "worker tick failed");
        }
      }
      if (!busy && !this.#stopping) await this.#sleep(Math.min(this.intervalMs * 2 ** Math.min(failures, 5), 30_000));
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
