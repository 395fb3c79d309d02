/**
 * Preloaded into an app process by the process tests (`node --import tsx --import gateway-probe.ts …`): wraps the
 * simulated provider so that every call is written to KAMPENI_TEST_PROBE_FILE, `{"k":key,"e":"presented"}` before
 * the call and `{"k":key,"e":"deduped"}` when the provider answered from its idempotency memory. That is how a
 * test counts keys presented again after a crash, which the provider's own journal (one line per message
 * accepted or rejected) cannot show. It changes nothing else.
 */
import { appendFileSync } from "node:fs";
import type { GatewayOutcome, OutboundMessage } from "../../../core/ports/message-gateway.port.ts";
import { SimulatedSmsGateway } from "../../../adapters/in-memory/simulated-sms-gateway.ts";

const file = process.env.KAMPENI_TEST_PROBE_FILE;
if (file) {
  const original = SimulatedSmsGateway.prototype.send;
  SimulatedSmsGateway.prototype.send = async function probedSend(this: SimulatedSmsGateway, message: OutboundMessage): Promise<GatewayOutcome> {
    const key = message.idempotency_key;
    appendFileSync(file, `${JSON.stringify({ k: key, e: "presented", pid: process.pid })}\n`);
    const before = this.duplicateCalls;
    const outcome = await original.call(this, message);
    if (this.duplicateCalls > before) appendFileSync(file, `${JSON.stringify({ k: key, e: "deduped", pid: process.pid })}\n`);
    return outcome;
  };
}
