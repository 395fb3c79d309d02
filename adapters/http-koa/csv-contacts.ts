import { CsvError, parse } from "csv-parse/sync";
import type { ContactInput } from "../../core/service.types.ts";

/** The most data rows one CSV body may hold (the API's per-call limit). */
export const MAX_CSV_DATA_ROWS = 100_000;

/** Why a CSV body could not be read as contacts. */
export type CsvContactsErrorCode =
  | "no_header"
  | "no_phone_column"
  | "duplicate_column"
  | "unnamed_column"
  | "malformed"
  | "too_many_rows";

/** A CSV body that cannot be imported at all; `row` is the line number in the file (header = 1). */
export interface CsvContactsError {
  readonly code: CsvContactsErrorCode;
  readonly message: string;
  readonly row: number;
}

/** Contact rows with their line numbers, or the reason the whole body was refused. */
export type CsvContactsResult =
  | { readonly ok: true; readonly value: readonly ContactInput[] }
  | { readonly ok: false; readonly error: CsvContactsError };

interface Located {
  readonly cells: readonly string[];
  /** Line the record starts on (a quoted field may span several lines). */
  readonly row: number;
}

/**
 * Parses a `text/csv` body into contact rows. The header row is required and needs a `phone` column; a `name`
 * column is optional (both matched case-insensitively); every other column becomes an attribute named by its
 * trimmed header. Cells are trimmed and empty ones are omitted (`name` becomes `null`). Blank lines and rows
 * whose cells are all empty are skipped. A row may have fewer cells than the header (the rest are empty) but
 * not more: an extra cell usually means an unquoted comma, and guessing would misfile data.
 *
 * Phone numbers are returned as typed; validating them is the import's job, which reports bad ones by `row`.
 */
export function parseCsvContacts(text: string, maxDataRows: number = MAX_CSV_DATA_ROWS): CsvContactsResult {
  const read = readRecords(text, maxDataRows + 1);
  if (!read.ok) return read;
  const [header, ...data] = read.value;
  if (header === undefined) return failure("no_header", "the CSV body is empty: a header row with a phone column is required", 1);
  const columns = header.cells.map((cell) => cell.trim());
  const headerError = checkHeader(columns, header.row);
  if (headerError !== null) return { ok: false, error: headerError };
  if (data.length > maxDataRows) {
    const row = data[maxDataRows]?.row ?? header.row;
    return failure("too_many_rows", `more than ${maxDataRows} data rows (row ${row} is one too many)`, row);
  }

  const lower = columns.map((c) => c.toLowerCase());
  const phoneAt = lower.indexOf("phone");
  const nameAt = lower.indexOf("name");
  const contacts: ContactInput[] = [];
  for (const { cells, row } of data) {
    const values = cells.map((cell) => cell.trim());
    const attributes: Record<string, string> = {};
    for (const [i, value] of values.entries()) {
      if (i === phoneAt || i === nameAt || value === "") continue;
      const column = columns[i] ?? "";
      if (column === "") {
        return failure("unnamed_column", `row ${row} has a value in column ${i + 1}, which has no header`, row);
      }
      attributes[column] = value;
    }
    const name = nameAt >= 0 ? values[nameAt] ?? "" : "";
    contacts.push({ row, phone: values[phoneAt] ?? "", name: name === "" ? null : name, attributes });
  }
  return { ok: true, value: contacts };
}

function checkHeader(columns: readonly string[], row: number): CsvContactsError | null {
  const seen = new Map<string, string>();
  for (const column of columns) {
    if (column === "") continue;
    const key = column.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      const spelled = first === column ? "" : ` (as "${first}" and "${column}"; names are matched ignoring case)`;
      return { code: "duplicate_column", message: `the header has column "${column}" twice${spelled}`, row };
    }
    seen.set(key, column);
  }
  if (!seen.has("phone")) {
    const found = columns.filter((c) => c !== "").map((c) => `"${c}"`).join(", ");
    return { code: "no_phone_column", message: `the header has no "phone" column (found: ${found || "none"})`, row };
  }
  return null;
}

/**
 * The records that have a non-blank cell, with their starting line; storing stops after `limit + 1` of
 * them so an oversized body costs time but not memory.
 */
function readRecords(text: string, limit: number): { ok: true; value: Located[] } | { ok: false; error: CsvContactsError } {
  const records: Located[] = [];
  // Lines are counted here rather than taken from csv-parse's `info.lines`, which counts a CRLF inside a
  // quoted field as two lines. `nextRow` is the line after the last record; blank lines skipped since then
  // (csv-parse counts those correctly) move the next record further down, including one that fails to parse.
  let nextRow = 1;
  let lastEmpty = 0;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count_less: true,
      on_record: (cells: string[], context) => {
        const row = nextRow + (context.empty_lines - lastEmpty);
        nextRow = row + 1 + cells.reduce((n, cell) => n + lineBreaks(cell), 0);
        lastEmpty = context.empty_lines;
        const blank = cells.every((cell) => cell.trim() === "");
        if (!blank && records.length <= limit) records.push({ cells, row });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const emptyLines = typeof error["empty_lines"] === "number" ? error["empty_lines"] : lastEmpty;
    const row = nextRow + (emptyLines - lastEmpty);
    return { ok: false, error: { code: "malformed", message: `row ${row}: ${describe(error)}`, row } };
  }
  return { ok: true, value: records };
}

function lineBreaks(cell: string): number {
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function describe(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed";
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "a closing quote must be followed by a comma or the end of the line (write a quote inside a quoted field as \"\")";
    case "INVALID_OPENING_QUOTE":
      return "a quote inside an unquoted field: quote the whole field and double the inner quotes";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return "more cells than the header has columns (an unquoted comma?)";
    case "CSV_MAX_RECORD_SIZE":
      return "the row is too long (a quote left open?)";
    default:
      return error.message;
  }
}

function failure(code: CsvContactsErrorCode, message: string, row: number): CsvContactsResult {
  return { ok: false, error: { code, message, row } };
}
