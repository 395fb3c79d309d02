import { describe, expect, test } from "vitest";
import { LibphonenumberNormalizer } from "../../../adapters/libphonenumber/libphonenumber-normalizer.ts";

const normalizer = new LibphonenumberNormalizer();

function e164Of(raw: string, region: string): string {
  const result = normalizer.normalize(raw, region);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} (${region}) to normalise, got: ${result.reason}`);
  return result.e164;
}

function reasonFor(raw: string, region: string): string {
  const result = normalizer.normalize(raw, region);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} (${region}) to be rejected, got ${result.e164}`);
  return result.reason;
}

describe("what people type in the UK normalises to E.164", () => {
  test.each([
    ["+44 (0)161 496 0433", "+441614960433"],
    ["0161 496 0433", "+441614960433"],
    ["(0161) 496 0433", "+441614960433"],
    ["00441614960524", "+441614960524"],
    ["+44-20-7946-0208", "+442079460208"],
    ["+44.161.496.0433", "+441614960433"],
    ["  +44 113 496 0980\u00a0", "+441134960980"],
    ["０１６１ ４９６ ０４３３", "+441614960433"],
  ])("%s becomes %s", (raw, e164) => {
    expect(e164Of(raw, "GB")).toBe(e164);
  });

  test("a number with the country code but no + is read as international when it is too long to be national", () => {
    expect(e164Of("441134960438", "GB")).toBe("+441134960438");
    expect(e164Of("442079460383", "GB")).toBe("+442079460383");
  });

  test("the result carries the region and the number type from the max metadata", () => {
    expect(normalizer.normalize("0161 496 0433", "GB")).toEqual({
      ok: true, e164: "+441614960433", region: "GB", number_type: "FIXED_LINE",
    });
  });

  test("a non-geographic number has no region", () => {
    expect(normalizer.normalize("+800 1234 5678", "GB")).toEqual({
      ok: true, e164: "+80012345678", region: null, number_type: "TOLL_FREE",
    });
  });
});

describe("East African numbers", () => {
  test.each([
    ["0712 345 678", "TZ", "+255712345678", "TZ"],
    ["+255 712 345 678", "GB", "+255712345678", "TZ"],
    ["255712345678", "TZ", "+255712345678", "TZ"],
    ["0712345678", "KE", "+254712345678", "KE"],
    ["254 712 345 678", "KE", "+254712345678", "KE"],
    ["+254 712 345678", "TZ", "+254712345678", "KE"],
  ])("%s with default %s becomes %s in %s, a mobile", (raw, region, e164, numberRegion) => {
    expect(normalizer.normalize(raw, region)).toEqual({ ok: true, e164, region: numberRegion, number_type: "MOBILE" });
  });

  test("a 00 prefix is read as international even where the region's own prefix differs (TZ, US)", () => {
    expect(e164Of("00441614960524", "TZ")).toBe("+441614960524");
    expect(e164Of("00 44 161 496 0524", "US")).toBe("+441614960524");
  });

  test("digits starting with a shared calling code are read as international when invalid nationally", () => {
    // KZ and RU share +7: libphonenumber alone reads this as a KZ national number and finds it invalid.
    expect(normalizer.normalize("79161234567", "KZ")).toEqual({
      ok: true, e164: "+79161234567", region: "RU", number_type: "MOBILE",
    });
  });

  test("another country's code without + is not guessed: it stays a too-long national number", () => {
    expect(reasonFor("441614960524", "TZ")).toBe("too long for calling code +255");
  });
});

describe("numbers that cannot be used are rejected with a reason", () => {
  test.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc@example.com", "contains letters"],
    ["not-a-number", "contains letters"],
    ["0161 496 0433 ext 12", "contains letters"],
    ["0161#4960433", "contains characters that are not digits or separators"],
    ["+", "no digits"],
    ["+44 +161 496 0433", "a '+' may only start the number"],
    ["0", "too short"],
    ["0044", "too short"],
    ["12345", "too short for calling code +44"],
    ["+44 20 7946", "too short for calling code +44"],
    ["020 7946 01234567", "too long for calling code +44"],
    ["+999 123 456", "unknown country calling code"],
    ["1".repeat(65), "too long: more than 64 characters"],
  ])("%j: %s", (raw, reason) => {
    expect(reasonFor(raw, "GB")).toBe(reason);
  });

  test("a number of the right length that no region's plan assigns is invalid (max metadata checks digits)", () => {
    // Ofcom's drama mobile range 07700 900xxx and 0115 496 0xxx are not in service, so the metadata rejects them.
    expect(reasonFor("07700 900 123", "GB")).toBe("+447700900123 is not a valid number for any region with calling code +44");
    expect(reasonFor("+44 115 496 0123", "GB")).toMatch(/^\+441154960123 is not a valid number/);
  });

  test("a national number needs a known default region; an international one does not", () => {
    expect(reasonFor("0161 496 0433", "XX")).toBe("no country code, and the default region 'XX' is not a known region");
    expect(e164Of("+44 161 496 0433", "XX")).toBe("+441614960433");
  });
});

describe("isRegion", () => {
  test("accepts ISO alpha-2 codes the metadata knows", () => {
    expect(["GB", "TZ", "KE", "US"].every((r) => normalizer.isRegion(r))).toBe(true);
  });

  test("rejects unknown, lower-case and non-geographic codes", () => {
    expect(["XX", "gb", "001", "", "GBR"].some((r) => normalizer.isRegion(r))).toBe(false);
  });
});
