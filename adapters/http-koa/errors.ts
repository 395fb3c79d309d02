import type { Failure } from "../../core/domain/result.ts";
import { ERROR_STATUS, type ErrorCode, type WireError, wireError } from "./envelope.ts";

/** What a route or an edge check answers: a status, the envelope's data and errors, extra headers. */
export interface Reply {
  readonly status: number;
  readonly data: unknown;
  readonly errors: readonly WireError[] | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An edge rejection (bad body, bad key, …) expressed as a value, never thrown. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: Reply };

/** A successful reply. */
export function okReply(data: unknown, status = 200): Reply {
  return { status, data, errors: null };
}

/** A one-error reply whose status follows from the code. */
export function problem(
  code: ErrorCode,
  message: string,
  field: string | null = null,
  headers?: Readonly<Record<string, string>>,
): Reply {
  return { status: ERROR_STATUS[code], data: null, errors: [wireError(code, message, field)], ...(headers ? { headers } : {}) };
}

/** A failed {@link Checked}. */
export function reject<T = never>(reply: Reply): Checked<T> {
  return { ok: false, reply };
}

/** A successful {@link Checked}. */
export function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/**
 * Maps a core failure to HTTP: the only place that knows the statuses. A conflict carrying data is the
 * seed's dual envelope (launch's validation failure): `data` holds the validation result and the error
 * list is only the protocol marker.
 */
export function failureReply(failure: Failure): Reply {
  switch (failure.kind) {
    case "invalid":
      return problem("VALIDATION_FAILED", failure.message, failure.field ?? null);
    case "not_found":
      return problem("NOT_FOUND", failure.message, failure.field ?? null);
    case "forbidden":
      return problem("FORBIDDEN", failure.message);
    case "conflict":
      if (failure.data !== undefined) {
        return { status: 409, data: failure.data, errors: [wireError("CONFLICT", "Validation failed", null)] };
      }
      return problem("CONFLICT", failure.message);
  }
}

/** The reply for an unexpected exception: no stack, no internal message (those go to the log). */
export const INTERNAL_ERROR_REPLY: Reply = problem("INTERNAL_ERROR", "Internal server error");

/** The reply when a backing store is down (the service threw `StoreUnavailableError`). */
export const STORE_UNAVAILABLE_REPLY: Reply = problem(
  "SERVICE_UNAVAILABLE",
  "A backing store is unavailable; retry later",
  null,
  { "Retry-After": "5" },
);
