import { gsm7Septets } from "./gsm7-alphabet.ts";

/** How an SMS body is encoded on the air: GSM-7 septets when every character allows it, UCS-2 otherwise. */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** The size of one rendered SMS body, as billed: the unit of `estimated_cost.SMS` is the part. */
export interface SmsCount {
  encoding: SmsEncoding;
  /**
   * Parts (segments) the text is sent as. The empty text is 0 parts: nothing would be sent, so nothing is
   * billed; validation rejects empty bodies before any estimate is shown.
   */
  parts: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) in the whole text; an extension character is 2 septets. */
  units: number;
  /** Capacity of each part as applied: 160 or 70 for a single part (or none), 153 or 67 once split. */
  perPart: number;
  /** Distinct characters (code points) that forced UCS-2, in order of first appearance (empty for GSM-7). */
  ucs2Characters: string[];
}

/**
 * Part capacities in units. A split message gives up 6 octets of each part to the concatenation header
 * (TS 23.040 §9.2.3.24.1), which is 7 septets or 3 UCS-2 units.
 */
export const SMS_PART_CAPACITY: Readonly<Record<SmsEncoding, { single: number; split: number }>> = {
  "GSM-7": { single: 160, split: 153 },
  "UCS-2": { single: 70, split: 67 },
};

/**
 * Counts the parts an SMS body is sent as (SPEC §3).
 *
 * GSM-7 when every character is in the default alphabet, extension characters weighing 2 septets; otherwise UCS-2,
 * where a character outside the BMP weighs 2 code units. An escape pair or a surrogate pair is never split across
 * parts: when a boundary would fall inside one, the whole pair moves to the next part.
 *
 * @param text the exact text sent, after placeholder rendering
 */
export function countSmsParts(text: string): SmsCount {
  // One pass packs both encodings, because whether the text is GSM-7 is known only at its end.
  const gsm = new PartPacker(SMS_PART_CAPACITY["GSM-7"]);
  const ucs2 = new PartPacker(SMS_PART_CAPACITY["UCS-2"]);
  // A Set keeps insertion order, which is the order of first appearance.
  const forcing = new Set<string>();
  // Iterating by code point yields a surrogate pair as one string of length 2: its UCS-2 weight.
  for (const char of text) {
    const septets = gsm7Septets(char);
    if (septets === 0) forcing.add(char);
    else if (forcing.size === 0) gsm.add(septets);
    ucs2.add(char.length);
  }
  if (forcing.size === 0) return gsm.result("GSM-7", []);
  return ucs2.result("UCS-2", [...forcing]);
}

/**
 * Packs indivisible items (1 unit, or a 2-unit escape or surrogate pair) into parts in text order. Greedy packing
 * is exact: the order is fixed and no item is larger than a part, so filling each part as far as it goes never
 * costs a later part anything.
 */
class PartPacker {
  private units = 0;
  private splitParts = 0;
  private room = 0;

  constructor(private readonly capacity: { single: number; split: number }) {}

  add(weight: number): void {
    this.units += weight;
    if (weight > this.room) {
      this.splitParts += 1;
      this.room = this.capacity.split;
    }
    this.room -= weight;
  }

  result(encoding: SmsEncoding, ucs2Characters: string[]): SmsCount {
    const { units, capacity } = this;
    if (units <= capacity.single) {
      return { encoding, parts: units === 0 ? 0 : 1, units, perPart: capacity.single, ucs2Characters };
    }
    return { encoding, parts: this.splitParts, units, perPart: capacity.split, ucs2Characters };
  }
}
