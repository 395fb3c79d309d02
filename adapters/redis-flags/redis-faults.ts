import { ErrorReply } from "redis";
import { StoreUnavailableError } from "../../core/domain/result.ts";

/** Error replies that mean "Redis cannot serve right now", not "this command is wrong". */
const TRANSIENT_REPLIES = ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS"];

/**
 * Maps what a node-redis call threw to what the caller should see. Connection faults (offline, closed, socket
 * errors, command timeouts, a full queue) and transient error replies become {@link StoreUnavailableError}; any
 * other error reply (WRONGTYPE, a syntax error, NOAUTH on a command) is a bug or misconfiguration and is
 * passed through unchanged, so it is not retried as if it were an outage.
 */
export function toStoreFault(store: string, error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof ErrorReply && !TRANSIENT_REPLIES.some((code) => error.message.startsWith(code))) return error;
  return new StoreUnavailableError(store, error);
}
