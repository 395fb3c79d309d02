import type { Contact } from "../domain/model.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** Placeholder names used in a body, each once, in order of first use. */
export function placeholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export type Rendered =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly missing: readonly string[] };

type Fillable = Pick<Contact, "phone" | "name" | "attributes">;

/**
 * Fills `{{placeholder}}`s from a contact: `name` and `phone` from the contact itself, anything else from its
 * attributes. An empty value counts as missing: a message is never sent with a hole in it.
 */
export function render(body: string, contact: Fillable): Rendered {
  const missing: string[] = [];
  const text = body.replace(PLACEHOLDER, (_whole, key: string) => {
    const value = lookup(contact, key);
    if (value === null) {
      if (!missing.includes(key)) missing.push(key);
      return "";
    }
    return value;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text };
}

function lookup(contact: Fillable, key: string): string | null {
  // Own attributes only: `{{constructor}}` must not find Object.prototype's.
  const value = key === "name"
    ? contact.name
    : key === "phone"
    ? contact.phone
    : Object.hasOwn(contact.attributes, key)
    ? contact.attributes[key]
    : undefined;
  return value === undefined || value === null || value === "" ? null : value;
}
