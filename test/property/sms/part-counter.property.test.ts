import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { SegmentedMessage } from "sms-segments-calculator";
import { countSmsParts, type SmsCount } from "../../../core/sms/part-counter.ts";

// ---- Independent reference: encode to the real septet / code-unit stream, then cut it into parts. ----

/** Unicode code point of each GSM 03.38 septet 0x00–0x7F, read off the standard's table (-1: ESC). */
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const SEPTET_TO_CODE_POINT: number[] = [
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5,
  0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, -1, 0xc6, 0xe6, 0xdf, 0xc9,
  0x20, 0x21, 0x22, 0x23, 0xa4, ...range(0x25, 0x3f),
  0xa1, ...range(0x41, 0x5a), 0xc4, 0xd6, 0xd1, 0xdc, 0xa7,
  0xbf, ...range(0x61, 0x7a), 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
];
const EXTENSION_CODE_POINT_TO_SEPTET = new Map<number, number>([
  [0x0c, 0x0a], [0x5e, 0x14], [0x7b, 0x28], [0x7d, 0x29], [0x5c, 0x2f],
  [0x5b, 0x3c], [0x7e, 0x3d], [0x5d, 0x3e], [0x7c, 0x40], [0x20ac, 0x65],
]);
const ESC = 0x1b;

/** The GSM-7 septet stream of `text`, or null when some UTF-16 unit has no septet. */
function gsmSeptets(text: string): number[] | null {
  const septets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const basic = SEPTET_TO_CODE_POINT.indexOf(unit);
    const extension = EXTENSION_CODE_POINT_TO_SEPTET.get(unit);
    if (basic >= 0) septets.push(basic);
    else if (extension !== undefined) septets.push(ESC, extension);
    else return null;
  }
  return septets;
}

/** Cuts a stream into parts; `keepsWithNext(stream, i)` says unit i must not end a part when more follows. */
function cut(stream: number[], single: number, split: number, keepsWithNext: (s: number[], i: number) => boolean) {
  if (stream.length === 0) return [];
  if (stream.length <= single) return [stream];
  const parts: number[][] = [];
  for (let start = 0; start < stream.length;) {
    let end = Math.min(start + split, stream.length);
    if (end < stream.length && keepsWithNext(stream, end - 1)) end -= 1;
    parts.push(stream.slice(start, end));
    start = end;
  }
  return parts;
}

const isHigh = (u: number | undefined) => u !== undefined && u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number | undefined) => u !== undefined && u >= 0xdc00 && u <= 0xdfff;

function reference(text: string): SmsCount {
  const septets = gsmSeptets(text);
  if (septets !== null) {
    const parts = cut(septets, 160, 153, (s, i) => s[i] === ESC).length;
    return { encoding: "GSM-7", parts, units: septets.length, perPart: parts > 1 ? 153 : 160, ucs2Characters: [] };
  }
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  const parts = cut(units, 70, 67, (s, i) => isHigh(s[i]) && isLow(s[i + 1])).length;
  const forcing: string[] = [];
  for (let i = 0; i < text.length;) {
    const codePoint = text.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    if (gsmSeptets(char) === null && !forcing.includes(char)) forcing.push(char);
    i += char.length;
  }
  return { encoding: "UCS-2", parts, units: units.length, perPart: parts > 1 ? 67 : 70, ucs2Characters: forcing };
}

// ---- Generators: one character kind per pool, texts sized around the part boundaries. ----

const GSM_BASIC = [..."@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà"];
const GSM_EXTENSION = [..."^{}\\[~]|€\f"];
const BMP_NON_GSM = [..."çáêõ`жЖ中α\u2019\u201c\u00a0\t\u001bЁ\u2126"];
const ASTRAL = ["😀", "🚀", "𝄞", "𠀀", "🎉"];
const pick = (pool: string[]) => fc.constantFrom(...pool);
const gsmChar = fc.oneof({ arbitrary: pick(GSM_BASIC), weight: 4 }, pick(GSM_EXTENSION));
const anyChar = fc.oneof({ arbitrary: gsmChar, weight: 4 }, pick(BMP_NON_GSM), pick(ASTRAL));

/** A run of one filler character sized near a part boundary, with a few other characters inserted anywhere. */
const nearBoundary = (char: fc.Arbitrary<string>) =>
  fc.record({
    filler: char,
    boundary: fc.constantFrom(67, 70, 134, 153, 160, 201, 306, 459),
    delta: fc.integer({ min: -4, max: 4 }),
    inserts: fc.array(fc.tuple(fc.nat(), char), { maxLength: 4 }),
  }).map(({ filler, boundary, delta, inserts }) => {
    const weight = GSM_EXTENSION.includes(filler) || filler.length === 2 ? 2 : 1;
    const chars = Array<string>(Math.max(0, Math.round(boundary / weight) + delta)).fill(filler);
    for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
    return chars.join("");
  });

const texts = (char: fc.Arbitrary<string>) =>
  fc.oneof(nearBoundary(char), fc.string({ unit: char, maxLength: 500 }));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));

describe("countSmsParts against an independent encode-and-cut reference", () => {
  test.prop([texts(anyChar)], { numRuns: 2000 })("agrees on mixed GSM, extension, BMP and astral text", (text) => {
    expect(countSmsParts(text)).toEqual(reference(text));
  });
  test.prop([texts(gsmChar)], { numRuns: 1000 })("agrees on pure GSM-7 text", (text) => {
    expect(countSmsParts(text)).toEqual(reference(text));
  });
  test.prop([fc.string({ unit: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), loneSurrogate) })])(
    "agrees on arbitrary code points, lone surrogates included",
    (text) => {
      expect(countSmsParts(text)).toEqual(reference(text));
    },
  );
  test.prop([texts(anyChar), anyChar])("appending a character never lowers the part count", (text, char) => {
    expect(countSmsParts(text + char).parts).toBeGreaterThanOrEqual(countSmsParts(text).parts);
  });
});

// ---- Published library: Twilio's sms-segments-calculator. ----

function library(text: string) {
  const message = new SegmentedMessage(text);
  const bitsPerUnit = message.encodingName === "GSM-7" ? 7 : 16;
  return {
    encoding: message.encodingName,
    parts: message.segmentsCount,
    units: message.messageSize / bitsPerUnit,
    ucs2Characters: [...new Set(message.getNonGsmCharacters())],
  };
}
const ours = (text: string) => {
  const { encoding, parts, units, ucs2Characters } = countSmsParts(text);
  return { encoding, parts, units, ucs2Characters };
};

describe("countSmsParts against sms-segments-calculator", () => {
  // The pools hold only characters that are a grapheme cluster on their own, where the library's grapheme-based
  // splitting and our code-unit splitting mean the same thing (see the disagreements below).
  test.prop([texts(anyChar).filter((t) => t.length > 0)], { numRuns: 1000 })(
    "agrees on non-empty text made of single-code-point graphemes",
    (text) => {
      expect(ours(text)).toEqual(library(text));
    },
  );
});

describe("the alphabet, exhaustively", () => {
  test("every BMP code unit gets the same encoding and weight from us, the reference and the library", () => {
    const mismatches: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const char = String.fromCharCode(unit);
      const expected = reference(char);
      const lib = library(char);
      const actual = ours(char);
      if (actual.encoding !== expected.encoding || actual.units !== expected.units) mismatches.push(`ref ${unit}`);
      if (actual.encoding !== lib.encoding || actual.units !== lib.units) mismatches.push(`lib ${unit}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("where sms-segments-calculator disagrees, and why we are right", () => {
  test("the empty text: the library says 1 segment, we say 0 because nothing is sent or billed", () => {
    expect([countSmsParts("").parts, library("").parts]).toEqual([0, 1]);
  });

  // The library never splits a grapheme cluster across segments (Twilio's own choice). SPEC §3 makes only a
  // surrogate pair indivisible: concatenated SMS (TS 23.040 §9.2.3.24.1) carries UTF-16 units, the handset
  // reassembles the parts before rendering, so a cluster split between parts still displays whole.
  test("a flag (two regional indicators) straddling the 67 boundary: 2 parts for us, 3 for the library", () => {
    const text = "ж".repeat(65) + "🇹🇿" + "ж".repeat(64); // 133 units; our cut falls between the two indicators
    expect([countSmsParts(text).parts, library(text).parts]).toEqual([2, 3]);
  });
  test("a ZWJ family emoji straddling the 67 boundary: 2 parts for us, 3 for the library", () => {
    const text = "ж".repeat(62) + "👨‍👩‍👧" + "ж".repeat(63); // 133 units; our cut falls after 👩
    expect([countSmsParts(text).parts, library(text).parts]).toEqual([2, 3]);
  });
  test("a combining accent straddling the 67 boundary: 2 parts for us, 3 for the library", () => {
    const text = "ж".repeat(66) + "e\u0301" + "ж".repeat(66); // 134 units; e ends part 1, the accent opens part 2
    expect([countSmsParts(text).parts, library(text).parts]).toEqual([2, 3]);
  });
  test("a combining accent: we name U+0301, which forced UCS-2; the library names the whole cluster e+U+0301", () => {
    // 'e' is GSM-7: replacing the accent alone (or using precomposed é, which is GSM-7) brings the text back.
    expect([countSmsParts("Cafe\u0301").ucs2Characters, library("Cafe\u0301").ucs2Characters])
      .toEqual([["\u0301"], ["e\u0301"]]);
  });
});
