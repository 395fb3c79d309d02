import type { z } from "zod";
import { type WireError, wireError } from "./envelope.ts";

/**
 * Zod issues as wire errors, one per culprit, with `field` as a dot path (`contacts.3.phone`). An
 * unknown key names the key itself; `prefix` places query parameters and path parameters.
 */
/** One request reports at most this many problems: a response never grows with the size of a bad body. */
export const MAX_ERRORS = 20;

export function issuesToErrors(error: z.ZodError, code: "VALIDATION_FAILED" | "NOT_FOUND" = "VALIDATION_FAILED"): WireError[] {
  const out: WireError[] = [];
  for (const issue of error.issues) {
    if (out.length >= MAX_ERRORS) {
      out.push(wireError(code, `…and more problems; the first ${MAX_ERRORS} are listed`, null));
      break;
    }
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.slice(0, MAX_ERRORS - out.length)) {
        out.push(wireError(code, `Unknown field '${key.slice(0, 64)}'`, [...base, key.slice(0, 64)].join(".")));
      }
      continue;
    }
    const field = base.length > 0 ? base.join(".") : null;
    out.push(wireError(code, field ? `${field}: ${issue.message}` : issue.message, field));
  }
  return out;
}
