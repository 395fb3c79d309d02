import type { z } from "zod";
import { type WireError, wireError } from "./envelope.ts";

/**
 * Zod issues as wire errors, one per culprit, with `field` as a dot path (`contacts.3.phone`). An
 * unknown key names the key itself; `prefix` places query parameters and path parameters.
 */
export function issuesToErrors(error: z.ZodError, code: "VALIDATION_FAILED" | "NOT_FOUND" = "VALIDATION_FAILED"): WireError[] {
  const out: WireError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push(wireError(code, `Unknown field '${key}'`, [...base, key].join(".")));
      continue;
    }
    const field = base.length > 0 ? base.join(".") : null;
    out.push(wireError(code, field ? `${field}: ${issue.message}` : issue.message, field));
  }
  return out;
}
