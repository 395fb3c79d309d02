import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseCsvContacts, type CsvContactsResult } from "../../../adapters/http-koa/csv-contacts.ts";
import type { ContactInput } from "../../../core/service.types.ts";

const DEMO = new URL("../../../../shared/data/contacts-uk-fiction-2552.csv", import.meta.url);

function rowsOf(result: CsvContactsResult): readonly ContactInput[] {
  if (!result.ok) throw new Error(`expected rows, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf(result: CsvContactsResult) {
  if (result.ok) throw new Error(`expected an error, got ${result.value.length} rows`);
  return result.error;
}

describe("reading contacts from CSV", () => {
  test("phone and name columns become fields, every other column an attribute, row = line number", () => {
    expect(rowsOf(parseCsvContacts("phone,name,tier,city\n0161 496 0433,Salim Temba,gold,Leeds\n+255712345678,Zoë,silver,Arusha\n")))
      .toEqual([
        { row: 2, phone: "0161 496 0433", name: "Salim Temba", attributes: { tier: "gold", city: "Leeds" } },
        { row: 3, phone: "+255712345678", name: "Zoë", attributes: { tier: "silver", city: "Arusha" } },
      ]);
  });

  test("header names are trimmed and phone/name are found whatever their case", () => {
    expect(rowsOf(parseCsvContacts(" Name ,PHONE , Tier \nAmina,0712 345 678,gold\n"))).toEqual([
      { row: 2, phone: "0712 345 678", name: "Amina", attributes: { Tier: "gold" } },
    ]);
  });

  test("quoted fields keep commas, doubled quotes and newlines; the next row's number counts those lines", () => {
    const csv = 'phone,name,note\n"+44 161 496 0433","Temba, ""Sal"" S.","line one\nline two"\n0161 496 0434,B,\n';
    expect(rowsOf(parseCsvContacts(csv))).toEqual([
      { row: 2, phone: "+44 161 496 0433", name: 'Temba, "Sal" S.', attributes: { note: "line one\nline two" } },
      { row: 4, phone: "0161 496 0434", name: "B", attributes: {} },
    ]);
  });

  test("a UTF-8 BOM and CRLF line endings (also inside quoted fields) are handled", () => {
    const csv = '\uFEFFphone,name\r\n0161 496 0433,"A\r\nB"\r\n0161 496 0434,C\r\n';
    expect(rowsOf(parseCsvContacts(csv))).toEqual([
      { row: 2, phone: "0161 496 0433", name: "A\r\nB", attributes: {} },
      { row: 4, phone: "0161 496 0434", name: "C", attributes: {} },
    ]);
  });

  test("empty cells are omitted, blank lines and all-empty rows are skipped but still counted as lines", () => {
    const csv = "phone,name,tier,city\n\n0161 496 0433,, ,\n,,,\n0161 496 0434,  Asha  ,gold,\n";
    expect(rowsOf(parseCsvContacts(csv))).toEqual([
      { row: 3, phone: "0161 496 0433", name: null, attributes: {} },
      { row: 5, phone: "0161 496 0434", name: "Asha", attributes: { tier: "gold" } },
    ]);
  });

  test("a row with fewer cells than the header is read with the rest empty; an empty phone is kept for the import to reject", () => {
    expect(rowsOf(parseCsvContacts("phone,name,tier\n0161 496 0433\n,Juma,gold\n"))).toEqual([
      { row: 2, phone: "0161 496 0433", name: null, attributes: {} },
      { row: 3, phone: "", name: "Juma", attributes: { tier: "gold" } },
    ]);
  });

  test("a header without data rows yields no contacts", () => {
    expect(rowsOf(parseCsvContacts("phone,name\r\n"))).toEqual([]);
  });

  test("the demo file yields its 2,552 data rows, numbered from line 2", () => {
    const rows = rowsOf(parseCsvContacts(readFileSync(DEMO, "utf8")));
    expect(rows).toHaveLength(2552);
    expect(rows[0]).toEqual({ row: 2, phone: "+44 (0)1614960433", name: "Salim Temba", attributes: { tier: "bronze" } });
    expect(rows.at(-1)?.row).toBe(2553);
  });
});

describe("CSV bodies that cannot be imported come back as typed errors with a row", () => {
  test.each([
    ["", "no_header", 1],
    ["\n\r\n", "no_header", 1],
    ["name,tier\nAmina,gold\n", "no_phone_column", 1],
    ["phone;name\n0161;A\n", "no_phone_column", 1],
    ["phone,name,phone\n", "duplicate_column", 1],
    ["phone,Tier,tier\n", "duplicate_column", 1],
    ["\nphone,name,name\n", "duplicate_column", 2],
  ])("%j: %s at row %i", (csv, code, row) => {
    expect(errorOf(parseCsvContacts(csv))).toMatchObject({ code, row });
  });

  test("the no-phone message lists the columns that were found", () => {
    expect(errorOf(parseCsvContacts("mobile,name\n")).message).toBe('the header has no "phone" column (found: "mobile", "name")');
  });

  test("an unclosed quote is reported at the row where the quoted field starts", () => {
    const error = errorOf(parseCsvContacts('phone,name\r\n0161,A\r\n\r\n0162,"B\r\n0163,C\r\n'));
    expect(error).toEqual({ code: "malformed", row: 4, message: "row 4: a quoted field is never closed" });
  });

  test("a stray quote inside an unquoted field is malformed at its row", () => {
    expect(errorOf(parseCsvContacts('phone,name\n0161,A\n0162,Jo "JJ" Smith\n'))).toMatchObject({ code: "malformed", row: 3 });
  });

  test("text after a closing quote is malformed at its row", () => {
    expect(errorOf(parseCsvContacts('phone,name\n0161,"A"x\n'))).toMatchObject({ code: "malformed", row: 2 });
  });

  test("more cells than header columns (an unquoted comma) is malformed at its row", () => {
    const error = errorOf(parseCsvContacts("phone,name\n0161,A\n0162,Smith, John\n"));
    expect(error).toMatchObject({ code: "malformed", row: 3 });
    expect(error.message).toMatch(/more cells than the header has columns/);
  });

  test("a value under a column without a header name is refused at its row; an empty one is ignored", () => {
    expect(rowsOf(parseCsvContacts("phone,name,\n0161,A,\n"))).toHaveLength(1);
    expect(errorOf(parseCsvContacts("phone,name,\n0161,A,\n0162,B,x\n")))
      .toEqual({ code: "unnamed_column", row: 3, message: "row 3 has a value in column 3, which has no header" });
  });

  test("more data rows than the limit is refused at the first row over it; blank rows do not count", () => {
    const atLimit = "phone,name\n" + "0161 496 0433,A\n,\n".repeat(3);
    expect(rowsOf(parseCsvContacts(atLimit, 3))).toHaveLength(3);
    expect(errorOf(parseCsvContacts(atLimit + "0161 496 0434,B\n", 3))).toMatchObject({ code: "too_many_rows", row: 8 });
  });

  test("the default limit is 100,000 data rows", () => {
    const body = "phone\n" + "1\n".repeat(100_000);
    expect(rowsOf(parseCsvContacts(body))).toHaveLength(100_000);
    expect(errorOf(parseCsvContacts(body + "2\n"))).toMatchObject({ code: "too_many_rows", row: 100_002 });
  });
});
