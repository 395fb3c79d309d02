/** One entry of the `errors` list of the response envelope. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Dot path of the culprit (`contacts.3.phone`, a query parameter or a header name), or null. */
  readonly field: string | null;
}

/** Every error code the API answers with, and its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** A wire error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one response shape of the API (SPEC §1), success or error. */
export interface Envelope {
  readonly success: boolean;
  readonly data: unknown;
  readonly errors: readonly WireError[] | null;
  readonly request_id: string;
}

/** A successful envelope carrying `data`. */
export function successEnvelope(data: unknown, requestId: string): Envelope {
  return { success: true, data: data ?? null, errors: null, request_id: requestId };
}

/**
 * A failed envelope. `data` is null except for the seed's dual envelope (launch's validation failure),
 * where it carries the validation result next to the protocol-level error.
 */
export function errorEnvelope(errors: readonly WireError[], requestId: string, data: unknown = null): Envelope {
  return { success: false, data, errors, request_id: requestId };
}

/** Shorthand for a single wire error. */
export function wireError(code: ErrorCode, message: string, field: string | null = null): WireError {
  return { code, message, field };
}
