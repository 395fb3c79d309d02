import { type GatewayOutcome, StoreUnavailableError } from "../../core/index.ts";
import { cancelAction, pauseAction, resumeAction, retryAction } from "./actions.ts";
import type { CallFault, ProviderCall } from "./probe-gateway.ts";
import { ACTOR, type ModelWorld } from "./world.ts";

/**
 * What happens while a provider call is in flight (the worker is suspended inside it, so these run strictly
 * one after another, exactly as a client call arriving at that moment would). Any error other than a store
 * outage is recorded as a violation: thrown here it would look like a provider failure to the worker.
 */
export async function runInFlight(w: ModelWorld, fault: CallFault, call: ProviderCall, outcome: GatewayOutcome): Promise<void> {
  w.event(`in_flight_${fault}`);
  try {
    const run = await w.stores.runs.get(call.runId);
    if (!run) return;
    const c = run.campaign_id;
    switch (fault) {
      case "pause":
        return await pauseAction(w, c, true);
      case "cancel":
        return await cancelAction(w, c, true);
      case "pause_resume":
        await pauseAction(w, c, true);
        return await resumeAction(w, c, true);
      case "pause_resume_takeover":
        await pauseAction(w, c, true);
        await resumeAction(w, c, true);
        await w.tick(w.spawn("t"));
        return;
      case "lease_takeover":
        w.clock.advance(w.base.config.leaseMs + 1);
        await w.tick(w.spawn("t"));
        return;
      case "cancel_retry":
        await cancelAction(w, c, true);
        return await retryAction(w, c, run.run_id, true);
      case "suppress_next": {
        const [next] = await w.stores.messages.list(run.run_id, { afterSeq: call.recipientSeq, limit: 1 });
        if (next) await w.service.suppress(ACTOR, [next.phone]);
        return;
      }
      case "early_dlr":
        if (outcome.accepted) await w.service.deliveryReport("sim", { provider_message_id: outcome.provider_message_id, status: call.seq % 2 ? "DELIVERED" : "FAILED" });
        return;
      case "flags_down":
        return await w.setFlagsUp(false);
      default:
        return;
    }
  } catch (error) {
    if (error instanceof StoreUnavailableError) return w.event("in_flight_store_unavailable");
    w.violate(error instanceof Error && "invariant" in error ? String(error.invariant) : "inFlightAction", `during ${fault} at ${call.key}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
