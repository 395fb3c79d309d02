import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseCsvContacts } from "../../../adapters/http-koa/csv-contacts.ts";
import { LibphonenumberNormalizer } from "../../../adapters/libphonenumber/libphonenumber-normalizer.ts";

const DEMO = new URL("../../../../shared/data/contacts-uk-fiction-2552.csv", import.meta.url);

let imported: ReturnType<typeof runImport> | undefined;
const importDemo = () => (imported ??= runImport());

/** Parses the demo file and normalises every row with default region GB, deduplicating by E.164. */
function runImport() {
  const parsed = parseCsvContacts(readFileSync(DEMO, "utf8"));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const normalizer = new LibphonenumberNormalizer();
  const firstRowOf = new Map<string, number>();
  const rejected: { row: number; phone: string; reason: string }[] = [];
  const duplicates: { row: number; phone: string; firstRow: number }[] = [];
  for (const contact of parsed.value) {
    const row = contact.row ?? 0;
    const result = normalizer.normalize(contact.phone, "GB");
    if (!result.ok) {
      rejected.push({ row, phone: contact.phone, reason: result.reason });
    } else if (firstRowOf.has(result.e164)) {
      duplicates.push({ row, phone: contact.phone, firstRow: firstRowOf.get(result.e164) ?? 0 });
    } else {
      firstRowOf.set(result.e164, row);
    }
  }
  return { received: parsed.value.length, distinct: firstRowOf.size, rejected, duplicates };
}

test("the demo file imports as 2,500 distinct contacts, 12 rejected rows and 40 duplicates", () => {
  const { received, distinct, rejected, duplicates } = importDemo();
  expect({ received, distinct, rejected: rejected.length, duplicates: duplicates.length })
    .toEqual({ received: 2552, distinct: 2500, rejected: 12, duplicates: 40 });
});

test("the 12 rejected rows are the malformed, wrong-length, unknown-code and unassigned numbers", () => {
  const unassigned = (e164: string) => `${e164} is not a valid number for any region with calling code +44`;
  expect(importDemo().rejected).toEqual([
    { row: 306, phone: "07700 900 123", reason: unassigned("+447700900123") },
    { row: 348, phone: "+44 115 496 0123", reason: unassigned("+441154960123") },
    { row: 472, phone: "0", reason: "too short" },
    { row: 477, phone: "020 7946 01234567", reason: "too long for calling code +44" },
    { row: 538, phone: "", reason: "empty" },
    { row: 615, phone: "abc@example.com", reason: "contains letters" },
    { row: 853, phone: "+", reason: "no digits" },
    { row: 866, phone: "12345", reason: "too short for calling code +44" },
    { row: 1095, phone: "+44 20 7946", reason: "too short for calling code +44" },
    { row: 1636, phone: "not-a-number", reason: "contains letters" },
    { row: 1707, phone: "+999 123 456", reason: "unknown country calling code" },
    { row: 2515, phone: "0044", reason: "too short" },
  ]);
});

test("every duplicate repeats an earlier row's number; 35 of the 40 are written in another form", () => {
  const { duplicates } = importDemo();
  expect(duplicates.every((d) => d.firstRow < d.row)).toBe(true);
  const rows = readFileSync(DEMO, "utf8").split(/\r?\n/);
  const reformatted = duplicates.filter((d) => rows[d.firstRow - 1]?.split(",")[0] !== d.phone);
  expect(reformatted).toHaveLength(35);
});
