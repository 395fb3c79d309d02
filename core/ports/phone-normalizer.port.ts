export type NormalizedPhone =
  | { readonly ok: true; readonly e164: string; readonly region: string | null; readonly number_type: string | null }
  | { readonly ok: false; readonly reason: string };

/** Turns what people type into E.164, using numbering-plan metadata. */
export interface PhoneNormalizer {
  /** `defaultRegion` (ISO 3166 alpha-2) applies to numbers written without a country code. */
  normalize(raw: string, defaultRegion: string): NormalizedPhone;
  /** Whether `region` is a region the normalizer knows. */
  isRegion(region: string): boolean;
}
