import {
  getCountryCallingCode,
  isSupportedCountry,
  ParseError,
  parseIncompletePhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from "libphonenumber-js/max";
import type { NormalizedPhone, PhoneNormalizer } from "../../core/ports/phone-normalizer.port.ts";

/** Longest input looked at; anything longer is not something a person typed as one phone number. */
const MAX_INPUT_LENGTH = 64;
const LETTER = /\p{L}/u;
/** Digits (any script: libphonenumber maps full-width and other decimal digits) and the usual separators. */
const ALLOWED = /^[\p{Nd}\s+\-\u2010-\u2015\u2212.()/[\]]*$/u;

type Attempt =
  | { readonly kind: "valid"; readonly phone: PhoneNumber }
  | { readonly kind: "invalid"; readonly reason: string };

/**
 * {@link PhoneNormalizer} backed by libphonenumber-js with the `max` metadata, so validity is checked against
 * each region's number patterns (not only lengths) and the number type is known.
 *
 * libphonenumber itself reads the `+44 (0)161…` trunk prefix, the default region's own international prefix,
 * and digits that start with the default region's calling code when they are too long (or do not fit the
 * pattern) to be national: `441134960438` with GB is `+441134960438`. When the plain parse is still not a valid
 * number, two more readings are tried: a leading `00` as the international prefix even where the region's own
 * prefix differs (TZ, US), and the calling-code digits as an international number in another region sharing
 * that code (`79161234567` with KZ is the Russian `+79161234567`). A reading is only taken when it yields a
 * valid number, so a valid national number is never reinterpreted.
 */
export class LibphonenumberNormalizer implements PhoneNormalizer {
  normalize(raw: string, defaultRegion: string): NormalizedPhone {
    const text = raw.trim();
    const rejected = screen(text);
    if (rejected !== null) return { ok: false, reason: rejected };

    const region = this.isRegion(defaultRegion) ? defaultRegion as CountryCode : undefined;
    const compact = parseIncompletePhoneNumber(text);
    const primary = attempt(text, region, defaultRegion);
    if (primary.kind === "valid") return toNormalized(primary.phone);

    let reason = primary.reason;
    for (const candidate of internationalReadings(compact, region)) {
      const next = attempt(candidate, region, defaultRegion);
      if (next.kind === "valid") return toNormalized(next.phone);
      // For `00…` input the international reading says more than the national one ("not valid in TZ").
      if (compact.startsWith("00")) reason = next.reason;
    }
    return { ok: false, reason };
  }

  isRegion(region: string): boolean {
    // ISO 3166 codes are upper case: `gb` is refused rather than guessed, so configuration errors surface.
    return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
  }
}

/** Rejections that need no metadata; `null` when the text is worth parsing. */
function screen(text: string): string | null {
  if (text === "") return "empty";
  if (text.length > MAX_INPUT_LENGTH) return `too long: more than ${MAX_INPUT_LENGTH} characters`;
  if (LETTER.test(text)) return "contains letters";
  if (!ALLOWED.test(text)) return "contains characters that are not digits or separators";
  if (text.lastIndexOf("+") > 0) return "a '+' may only start the number";
  if (!/\p{Nd}/u.test(text)) return "no digits";
  return null;
}

function* internationalReadings(compact: string, region: CountryCode | undefined): Generator<string> {
  if (compact.startsWith("+")) return;
  if (compact.startsWith("00")) yield `+${compact.slice(2)}`;
  if (region !== undefined && compact.startsWith(getCountryCallingCode(region))) yield `+${compact}`;
}

function attempt(text: string, region: CountryCode | undefined, regionAsGiven: string): Attempt {
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, { ...(region ? { defaultCountry: region } : {}), extract: false });
  } catch (error) {
    if (error instanceof ParseError) return { kind: "invalid", reason: parseErrorReason(error.message, text, regionAsGiven) };
    throw error;
  }
  if (phone.isValid()) return { kind: "valid", phone };
  return { kind: "invalid", reason: invalidReason(phone) };
}

function parseErrorReason(code: string, text: string, regionAsGiven: string): string {
  switch (code) {
    case "TOO_SHORT":
      return "too short";
    case "TOO_LONG":
      return "too long";
    case "INVALID_COUNTRY":
      return text.startsWith("+")
        ? "unknown country calling code"
        : `no country code, and the default region '${regionAsGiven}' is not a known region`;
    default:
      return "not a phone number";
  }
}

function invalidReason(phone: PhoneNumber): string {
  const where = `calling code +${phone.countryCallingCode}`;
  switch (validatePhoneNumberLength(phone.number)) {
    case "TOO_SHORT":
      return `too short for ${where}`;
    case "TOO_LONG":
      return `too long for ${where}`;
    case "INVALID_LENGTH":
      return `wrong length for ${where}`;
    default:
      return `${phone.number} is not a valid number for any region with ${where}`;
  }
}

function toNormalized(phone: PhoneNumber): NormalizedPhone {
  return { ok: true, e164: phone.number, region: phone.country ?? null, number_type: phone.getType() ?? null };
}
