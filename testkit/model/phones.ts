/** The model's audience: six valid UK mobiles; the simulated provider rejects the last one. */
export const PHONES: readonly string[] = Array.from({ length: 6 }, (_, i) => `+447400${String(i).padStart(6, "0")}`);

/** How a contact row writes its phone: one of the pool in some format, or something that is not a number. */
export type PhoneToken =
  | { readonly i: number; readonly format: "e164" | "national" | "spaced" }
  | { readonly invalid: "short" | "text" };

/** The raw text a client would send for a token. */
export function rawPhone(t: PhoneToken): string {
  if ("invalid" in t) return t.invalid === "short" ? "12" : "call me";
  const digits = PHONES[t.i % PHONES.length]!.slice(3); // 7400…
  if (t.format === "national") return `0${digits.slice(0, 4)} ${digits.slice(4)}`;
  if (t.format === "spaced") return `+44 ${digits.slice(0, 4)} ${digits.slice(4)}`;
  return `+44${digits}`;
}

/** Bodies the model puts in content: GSM-7, UCS-2, extension characters, two parts, placeholders. */
export const BODIES: readonly string[] = [
  "Hi {{name}}",
  "Habari {{name}} \u{1F600}",
  "Price 10\u20AC [promo] for {{city}}",
  `Offer: ${"a long GSM text ".repeat(10)}end`,
  "Jambo",
  "Hello {{ nickname }}",
];

export const SENDERS: readonly string[] = ["Kampeni", "X"];
