import type { Context } from "koa";
import { type Envelope, errorEnvelope, successEnvelope } from "./envelope.ts";
import { edgeState } from "./edge-state.ts";
import type { Reply } from "./errors.ts";

/** Builds the envelope of a reply for this request. */
export function envelopeOf(reply: Reply, requestId: string): Envelope {
  return reply.errors === null
    ? successEnvelope(reply.data, requestId)
    : errorEnvelope(reply.errors, requestId, reply.data ?? null);
}

/** Writes a reply as the response: status, extra headers, and the envelope as JSON. */
export function send(ctx: Context, reply: Reply): void {
  ctx.status = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
  ctx.body = envelopeOf(reply, edgeState(ctx).requestId);
}
