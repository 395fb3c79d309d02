/**
 * The GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet, in code order: the character at index `n` is the one
 * encoded by septet `n`. Index 0x1B is the escape to the extension table; it stands for no character of its own,
 * so it holds the ESC control character, which {@link gsm7Septets} refuses.
 *
 * Kept as one literal in table order so a reader can check it against the standard row by row.
 */
export const GSM7_BASIC_TABLE: string =
  // 0x00–0x0F
  "@£$¥èéùìòÇ\nØø\rÅå" +
  // 0x10–0x1F (0x1B = ESC)
  "Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ" +
  // 0x20–0x3F
  " !\"#¤%&'()*+,-./0123456789:;<=>?" +
  // 0x40–0x5F
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
  // 0x60–0x7F
  "¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** Septet of the escape that precedes every extension-table character. */
export const GSM7_ESCAPE = 0x1b;

/**
 * The extension-table characters that map to Unicode (TS 23.038 §6.2.1.1), with the septet each takes after the
 * escape. Form feed is the table's page break; the rest are the printable ones.
 */
export const GSM7_EXTENSION_TABLE: Readonly<Record<string, number>> = {
  "\f": 0x0a,
  "^": 0x14,
  "{": 0x28,
  "}": 0x29,
  "\\": 0x2f,
  "[": 0x3c,
  "~": 0x3d,
  "]": 0x3e,
  "|": 0x40,
  "€": 0x65,
};

/**
 * Septets one character takes in GSM-7: 1 for the basic table, 2 (escape + code) for the extension table, 0 when
 * the character cannot be written in GSM-7 at all and so forces UCS-2.
 *
 * @param char one code point (a lone surrogate is accepted and is simply not GSM-7)
 */
export function gsm7Septets(char: string): 0 | 1 | 2 {
  // Every GSM-7 character is one UTF-16 unit; the length check also keeps `includes` from matching a
  // multi-character substring of the table.
  if (char.length !== 1) return 0;
  if (GSM7_EXTENSION_TABLE[char] !== undefined) return 2;
  // Septet 0x1B is the escape itself: a text holding U+001B cannot be sent as GSM-7.
  if (char === "\u001b") return 0;
  return GSM7_BASIC_TABLE.includes(char) ? 1 : 0;
}
