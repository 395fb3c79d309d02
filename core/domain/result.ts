/**
 * Expected business outcomes are values, not exceptions. Only the HTTP edge maps a
 * {@link Failure} to a status code.
 */
export type Failure =
  | { readonly kind: "invalid"; readonly message: string; readonly field?: string | null }
  | { readonly kind: "not_found"; readonly message: string; readonly field?: string | null }
  | { readonly kind: "forbidden"; readonly message: string }
  | {
    readonly kind: "conflict";
    readonly message: string;
    /** Extra payload the edge must return in `data` (the launch dual envelope). */
    readonly data?: unknown;
  };

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Failure): Result<T> => ({ ok: false, error });

export const invalid = <T = never>(message: string, field: string | null = null): Result<T> =>
  fail({ kind: "invalid", message, field });
export const notFound = <T = never>(message: string, field: string | null = null): Result<T> =>
  fail({ kind: "not_found", message, field });
export const forbidden = <T = never>(message: string): Result<T> => fail({ kind: "forbidden", message });
export const conflict = <T = never>(message: string, data?: unknown): Result<T> =>
  fail({ kind: "conflict", message, data });

/** Thrown (not returned) when a backing store cannot be reached: an infrastructure fault. */
export class StoreUnavailableError extends Error {
  constructor(readonly store: string, cause?: unknown) {
    super(`${store} is unavailable`, { cause });
    this.name = "StoreUnavailableError";
  }
}
