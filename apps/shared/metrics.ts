import { Counter, collectDefaultMetrics, Registry } from "prom-client";
import type { GatewayOutcome, MessageGateway, OutboundMessage } from "../../core/ports/message-gateway.port.ts";
import type { TickReport } from "../../core/worker/worker.ts";

/** The process's Prometheus metrics. */
export class AppMetrics {
  readonly registry = new Registry();
  readonly gatewayCalls = new Counter({
    name: "kampeni_gateway_calls_total",
    help: "Provider calls by outcome (accepted, rejected, error)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly dispatches = new Counter({
    name: "kampeni_run_dispatches_total",
    help: "Runs the worker claimed, by how the dispatch ended",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly overdue = new Counter({
    name: "kampeni_runs_missed_pickup_window_total",
    help: "Runs failed because they were not picked up inside the pickup window",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "kampeni_" });
  }

  observeTick(report: TickReport): void {
    if (report.dispatched) this.dispatches.inc({ outcome: report.dispatched.outcome });
    if (report.overdue > 0) this.overdue.inc(report.overdue);
  }

  /** Counts every provider call passing through `gateway`. */
  instrument(gateway: MessageGateway): MessageGateway {
    return {
      send: async (message: OutboundMessage): Promise<GatewayOutcome> => {
        try {
          const outcome = await gateway.send(message);
          this.gatewayCalls.inc({ outcome: outcome.accepted ? "accepted" : "rejected" });
          return outcome;
        } catch (error) {
          this.gatewayCalls.inc({ outcome: "error" });
          throw error;
        }
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
