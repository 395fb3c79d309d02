import { describe, expect, test } from "vitest";
import { GSM7_BASIC_TABLE, GSM7_ESCAPE, GSM7_EXTENSION_TABLE, gsm7Septets } from "../../../core/sms/gsm7-alphabet.ts";

describe("GSM 03.38 default alphabet", () => {
  test("the basic table has one character per septet, 128 in all, none repeated", () => {
    expect(GSM7_BASIC_TABLE).toHaveLength(128);
    expect(new Set(GSM7_BASIC_TABLE).size).toBe(128);
  });

  test("characters sit at their septet codes, the escape at 0x1B", () => {
    const at = (code: number): string | undefined => GSM7_BASIC_TABLE[code];
    expect([at(0x00), at(0x02), at(0x0a), at(0x0d), at(0x11), at(0x24), at(0x40), at(0x5f), at(0x60), at(0x7f)])
      .toEqual(["@", "$", "\n", "\r", "_", "¤", "¡", "§", "¿", "à"]);
    expect(GSM7_BASIC_TABLE.charCodeAt(GSM7_ESCAPE)).toBe(0x1b);
  });

  test("every non-ASCII basic character counts one septet", () => {
    const nonAscii = "£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
    expect([...nonAscii].filter((c) => gsm7Septets(c) !== 1)).toEqual([]);
  });

  test("every printable ASCII character counts one septet except the backtick and the extension ones", () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const notOne = printable.filter((c) => gsm7Septets(c) !== 1).join("");
    expect(notOne).toBe("[\\]^`{|}~");
  });

  test("the extension characters count two septets", () => {
    expect(Object.keys(GSM7_EXTENSION_TABLE).sort()).toEqual(["\f", "[", "\\", "]", "^", "{", "|", "}", "~", "€"]);
    expect(Object.keys(GSM7_EXTENSION_TABLE).map(gsm7Septets)).toEqual(Array(10).fill(2));
  });

  test("look-alikes outside the table force UCS-2", () => {
    // ç (only Ç is in the table), the ohm sign (not Greek Ω), Greek lower case, micro sign, ESC itself.
    const lookAlikes = ["ç", "á", "ê", "õ", "`", "\u2126", "α", "µ", "\u2019", "\u00a0", "\u001b", "\t"];
    expect(lookAlikes.map(gsm7Septets)).toEqual(Array(lookAlikes.length).fill(0));
  });

  test("a string of more than one unit is not one GSM-7 character", () => {
    expect(["ab", "😀", ""].map(gsm7Septets)).toEqual([0, 0, 0]);
  });
});
