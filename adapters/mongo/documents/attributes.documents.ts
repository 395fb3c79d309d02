/**
 * Contact attributes come from CSV headers and JSON keys chosen by users: a key may hold `.` or start with `$`,
 * which MongoDB treats as paths or operators in some places. Stored as a list of pairs they are plain data.
 * @module
 */

/** One stored attribute. */
export interface AttributePair {
  readonly k: string;
  readonly v: string;
}

/** Attributes as stored: pairs in the object's own key order. */
export function encodeAttributes(attributes: Readonly<Record<string, string>>): AttributePair[] {
  return Object.entries(attributes).map(([k, v]) => ({ k, v }));
}

/** Attributes as the domain sees them. `Object.fromEntries` defines own properties, so `__proto__` stays data. */
export function decodeAttributes(pairs: readonly AttributePair[] | null | undefined): Record<string, string> {
  return Object.fromEntries((pairs ?? []).map((p) => [p.k, p.v]));
}
