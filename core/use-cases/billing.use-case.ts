import { invalid, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, DeliveryReportInput } from "../service.types.ts";

/** Balances, operator credits and provider delivery reports. */
export class Billing {
  constructor(private readonly deps: EngineDeps) {}

  async balance(actor: Actor): Promise<Result<{ workspace_id: string; balance: number }>> {
    return ok({ workspace_id: actor.workspace_id, balance: await this.deps.ledger.balance(actor.workspace_id) });
  }

  async credit(workspaceId: string, units: number, key: string): Promise<Result<{ workspace_id: string; balance: number; applied: boolean }>> {
    if (!Number.isSafeInteger(units) || units <= 0) return invalid("units must be a positive whole number", "units");
    if (key.length < 1 || key.length > 200) return invalid("key must be 1 to 200 characters", "key");
    const applied = await this.deps.ledger.credit(workspaceId, units, key);
    return ok({ workspace_id: workspaceId, balance: await this.deps.ledger.balance(workspaceId), applied });
  }

  /** SENT -> DELIVERED/FAILED; late, duplicate or backwards reports change nothing. */
  async deliveryReport(provider: string, input: DeliveryReportInput): Promise<Result<{ outcome: string }>> {
    const outcome = await this.deps.messages.applyDeliveryReport(input.provider_message_id, input.status, this.deps.clock.now());
    this.deps.logger.debug({ provider, provider_message_id: input.provider_message_id, outcome }, "delivery report");
    return ok({ outcome });
  }
}
