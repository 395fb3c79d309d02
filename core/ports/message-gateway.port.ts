import type { Channel } from "../domain/model.ts";

export interface OutboundMessage {
  /** Same key for the same recipient of the same run: a provider honouring it never sends twice. */
  readonly idempotency_key: string;
  readonly channel: Channel;
  readonly to: string;
  readonly sender_id: string;
  readonly body: string;
}

export type GatewayOutcome =
  | { readonly accepted: true; readonly provider_message_id: string }
  | { readonly accepted: false; readonly error: string };

/**
 * The messaging provider. A rejection is a value; a transport failure (provider unreachable, outcome
 * unknown) is thrown, and the message is sent again later with the same idempotency key.
 */
export interface MessageGateway {
  send(message: OutboundMessage): Promise<GatewayOutcome>;
}
