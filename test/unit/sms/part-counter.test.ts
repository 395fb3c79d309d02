import { describe, expect, test } from "vitest";
import { countSmsParts } from "../../../core/sms/part-counter.ts";

const parts = (text: string): number => countSmsParts(text).parts;
const times = (char: string, n: number): string => char.repeat(n);

describe("examples from the issue", () => {
  test("80 euro signs (160 septets) fit one part", () => expect(parts(times("€", 80))).toBe(1));
  test("81 euro signs need two parts", () => expect(parts(times("€", 81))).toBe(2));
  test("152 closing brackets need two parts", () => expect(parts(times("]", 152))).toBe(2));
  test("153 closing brackets need three parts: 306 septets, but 76 pairs fill a 153-septet part", () => {
    expect(countSmsParts(times("]", 153))).toMatchObject({ units: 306, parts: 3 });
  });
  test("306 plain letters need two parts", () => expect(parts(times("a", 306))).toBe(2));
  test("307 plain letters need three parts", () => expect(parts(times("a", 307))).toBe(3));
  test("35 emoji (70 code units) fit one part", () => expect(parts(times("😀", 35))).toBe(1));
  test("36 emoji need two parts", () => expect(parts(times("😀", 36))).toBe(2));
  test("67 emoji need three parts: 33 whole emoji fill a 67-unit part", () => {
    expect(countSmsParts(times("😀", 67))).toMatchObject({ units: 134, parts: 3 });
  });
  test("160 plain letters fit one part", () => expect(parts(times("a", 160))).toBe(1));
  test("161 plain letters need two parts", () => expect(parts(times("a", 161))).toBe(2));
  test("é is in the GSM-7 basic table, so 160 of them fit one GSM-7 part", () => {
    expect(countSmsParts(times("é", 160))).toMatchObject({ encoding: "GSM-7", parts: 1 });
  });
});

describe("GSM-7 boundaries", () => {
  test("159/160/161 and 306/307 septets of plain letters give 1, 1, 2, 2, 3 parts", () => {
    expect([159, 160, 161, 306, 307].map((n) => parts(times("a", n)))).toEqual([1, 1, 2, 2, 3]);
  });
  test("an escape pair ending exactly at septet 160 still fits one part", () => {
    expect(countSmsParts(times("a", 158) + "€")).toMatchObject({ units: 160, parts: 1 });
  });
  test("an escape pair straddling the 153 boundary moves whole into the next part", () => {
    const straddling = times("a", 152) + "€" + times("a", 152);
    expect(countSmsParts(straddling)).toMatchObject({ units: 306, parts: 3 });
  });
  test("the same septets with the pair inside the first part need only two parts", () => {
    const inside = times("a", 151) + "€" + times("a", 153);
    expect(countSmsParts(inside)).toMatchObject({ units: 306, parts: 2 });
  });
  test("form feed, from the extension table, counts two septets", () => {
    expect(countSmsParts("\f")).toMatchObject({ encoding: "GSM-7", units: 2 });
  });
  test("LF and CR are basic characters, so a CRLF line break counts two septets", () => {
    expect(countSmsParts("a\r\nb")).toMatchObject({ encoding: "GSM-7", units: 4 });
  });
});

describe("UCS-2 boundaries", () => {
  test("70/71 and 134/135 code units of Cyrillic give 1, 2, 2, 3 parts", () => {
    expect([70, 71, 134, 135].map((n) => parts(times("ж", n)))).toEqual([1, 2, 2, 3]);
  });
  test("a surrogate pair straddling the 67 boundary moves whole into the next part", () => {
    const straddling = times("ж", 66) + "😀" + times("ж", 66);
    expect(countSmsParts(straddling)).toMatchObject({ units: 134, parts: 3 });
  });
  test("the same code units with the pair inside the first part need only two parts", () => {
    const inside = times("ж", 65) + "😀" + times("ж", 67);
    expect(countSmsParts(inside)).toMatchObject({ units: 134, parts: 2 });
  });
  test("an extension character in a UCS-2 text costs one code unit, not two", () => {
    expect(countSmsParts(times("€", 69) + "ж")).toMatchObject({ encoding: "UCS-2", units: 70, parts: 1 });
  });
  test("a lone surrogate is not GSM-7 and counts one code unit", () => {
    expect(countSmsParts("a\ud83d")).toEqual({
      encoding: "UCS-2", parts: 1, units: 2, perPart: 70, ucs2Characters: ["\ud83d"],
    });
  });
});

describe("the reported count", () => {
  test("the empty text is 0 parts of GSM-7", () => {
    expect(countSmsParts("")).toEqual({ encoding: "GSM-7", parts: 0, units: 0, perPart: 160, ucs2Characters: [] });
  });
  test("perPart is the single-part capacity until the text splits", () => {
    expect([times("a", 160), times("a", 161), times("ж", 70), times("ж", 71)].map((t) => countSmsParts(t).perPart))
      .toEqual([160, 153, 70, 67]);
  });
  test("a GSM-7 text names no UCS-2 characters", () => {
    expect(countSmsParts("Habari {name}, salio ni €5 [leo]").ucs2Characters).toEqual([]);
  });
  test("ucs2Characters names each forcing character once, in order of first appearance", () => {
    expect(countSmsParts("Habari 😀 ж, karibu ж😀 ç").ucs2Characters).toEqual(["😀", "ж", "ç"]);
  });
  test("ucs2Characters names the combining accent, not the GSM-7 letter it sits on", () => {
    expect(countSmsParts("Cafe\u0301").ucs2Characters).toEqual(["\u0301"]);
  });
  test("typographic quotes and a no-break space force UCS-2 and are named", () => {
    expect(countSmsParts("It\u2019s\u00a0on").ucs2Characters).toEqual(["\u2019", "\u00a0"]);
  });
});
