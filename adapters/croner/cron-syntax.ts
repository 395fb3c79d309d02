/**
 * A strict screen for standard 5-field cron, run before croner parses anything. Croner accepts more than
 * standard cron (seconds and years fields, `L`, `W`, `#`, `?`, `+`, nicknames), and a schedule that another
 * system would read differently must be refused rather than reinterpreted, so only the portable subset passes:
 * numbers, month and weekday names, `*`, ranges, lists and steps.
 */

const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const ALL_NAMES = new RegExp(`${[...MONTH_NAMES, ...DAY_NAMES].join("|")}`, "gi");

/** `*`, a value or a range, optionally stepped; values are digits or three-letter names. */
const ITEM = /^(?:\*|([0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?)(\/[0-9]+)?$/;

/** Extensions croner would accept, with how an issue names them. `L` and `W` are looked for outside names. */
const EXTENSIONS: readonly (readonly [string, string])[] = [
  ["#", "'#' (nth weekday of the month)"],
  ["?", "'?' (no specific value)"],
  ["+", "'+' (day-of-month AND day-of-week)"],
  ["L", "'L' (last day or weekday)"],
  ["W", "'W' (nearest weekday)"],
];

/**
 * A screened expression: its five fields, with names written as numbers, and which day fields restrict the
 * day (POSIX: not a bare `*`).
 */
export interface CronSyntax {
  readonly fields: readonly [string, string, string, string, string];
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

/** Screens `expression`; the result is its fields or a human-readable issue naming the expression. */
export function screenCron(expression: string): { ok: true; syntax: CronSyntax } | { ok: false; issue: string } {
  const text = expression.trim();
  if (text.startsWith("@")) {
    return {
      ok: false,
      issue: `Cron '${expression}' uses a nickname, which is not supported; write the 5 fields (e.g. '0 0 * * *')`,
    };
  }
  const fields = text === "" ? [] : text.split(/\s+/);
  if (fields.length === 6 || fields.length === 7) {
    return {
      ok: false,
      issue: `Cron '${expression}' has ${fields.length} fields; only standard 5-field cron is supported ` +
        "(minute hour day-of-month month day-of-week, no seconds or years)",
    };
  }
  if (fields.length !== 5) {
    return {
      ok: false,
      issue: `Invalid cron '${expression}': expected 5 fields (minute hour day-of-month month day-of-week), ` +
        `found ${fields.length}`,
    };
  }
  const normalised: string[] = [];
  for (const [position, field] of fields.entries()) {
    const items: string[] = [];
    for (const item of field.split(",")) {
      const screened = screenItem(item, position);
      if (typeof screened !== "string") return { ok: false, issue: screened.issue(expression) };
      items.push(screened);
    }
    normalised.push(items.join(","));
  }
  const [minute, hour, dom, month, dow] = normalised as [string, string, string, string, string];
  return {
    ok: true,
    syntax: { fields: [minute, hour, dom, month, dow], domRestricted: dom !== "*", dowRestricted: dow !== "*" },
  };
}

/** The item with names written as numbers when it is standard cron for the field at `position`, else an issue. */
function screenItem(item: string, position: number): string | { issue: (expression: string) => string } {
  const fieldName = FIELD_NAMES[position] ?? "field";
  const match = ITEM.exec(item);
  if (match !== null) {
    const [, from, to, step = ""] = match;
    if (from === undefined) return item;
    const start = valueOf(from, position, null);
    const end = to === undefined ? null : valueOf(to, position, start);
    if (start !== null && to === undefined) return `${start}${step}`;
    if (start !== null && end !== null) return `${start}-${end}${step}`;
  }
  const withoutNames = item.replace(ALL_NAMES, "");
  for (const [token, description] of EXTENSIONS) {
    const haystack = token === "L" || token === "W" ? withoutNames.toUpperCase() : item;
    if (haystack.includes(token)) {
      return {
        issue: (expression) =>
          `Cron '${expression}' uses ${description}, a non-standard extension that is not supported`,
      };
    }
  }
  const what = item === "" ? `an empty item in the ${fieldName} field` : `'${item}' is not a valid ${fieldName}`;
  return { issue: (expression) => `Invalid cron '${expression}': ${what}` };
}

/**
 * The number a value stands for, or null when it is no value of the field. Names become numbers here, so
 * croner reads only digits: `SUN` ends a range as 7 (`FRI-SUN` is Friday to Sunday) unless the range also
 * starts on Sunday (`SUN-SUN` is Sunday alone, where croner's own name handling would read all week).
 */
function valueOf(value: string, position: number, rangeStart: number | null): number | null {
  if (/^[0-9]+$/.test(value)) return Number(value);
  const upper = value.toUpperCase();
  if (position === 3) return MONTH_NAMES.includes(upper) ? MONTH_NAMES.indexOf(upper) + 1 : null;
  if (position !== 4 || !DAY_NAMES.includes(upper)) return null;
  const day = DAY_NAMES.indexOf(upper);
  return day === 0 && rangeStart !== null && rangeStart > 0 ? 7 : day;
}
