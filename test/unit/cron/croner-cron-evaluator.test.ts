import { describe, expect, test } from "vitest";
import { CronerCronEvaluator } from "../../../adapters/croner/croner-cron-evaluator.ts";

const NEW_YORK = "America/New_York";

/** The first `count` firings strictly after `from`, as ISO strings. */
function firings(cron: CronerCronEvaluator, expression: string, zone: string, from: string, count: number): string[] {
  const out: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = cron.nextAfter(expression, zone, after);
    if (next === null) break;
    out.push(new Date(next).toISOString());
    after = next;
  }
  return out;
}

describe("CronerCronEvaluator daylight saving", () => {
  const cron = new CronerCronEvaluator();

  test("a daily time skipped by spring-forward fires once, right after the gap", () => {
    expect(firings(cron, "30 2 * * *", NEW_YORK, "2025-03-08T05:00:00Z", 3)).toEqual([
      "2025-03-08T07:30:00.000Z",
      "2025-03-09T07:00:00.000Z",
      "2025-03-10T06:30:00.000Z",
    ]);
  });

  test("a daily time repeated by fall-back fires once, at its first occurrence", () => {
    expect(firings(cron, "30 1 * * *", NEW_YORK, "2025-11-01T04:00:00Z", 3)).toEqual([
      "2025-11-01T05:30:00.000Z",
      "2025-11-02T05:30:00.000Z",
      "2025-11-03T06:30:00.000Z",
    ]);
  });

  test("asked from inside the second pass of the repeated hour, the repeated time does not fire again", () => {
    const secondPass = "2025-11-02T06:10:00Z"; // 01:10 EST, after 01:30 EDT already happened
    expect(firings(cron, "30 1 * * *", NEW_YORK, secondPass, 1)).toEqual(["2025-11-03T06:30:00.000Z"]);
  });

  test("every-15-minutes collapses the skipped hour into one firing after the gap", () => {
    expect(firings(cron, "*/15 * * * *", NEW_YORK, "2025-03-09T06:40:00Z", 4)).toEqual([
      "2025-03-09T06:45:00.000Z", // 01:45 EST
      "2025-03-09T07:00:00.000Z", // 03:00 EDT (02:00–02:45 do not exist)
      "2025-03-09T07:15:00.000Z",
      "2025-03-09T07:30:00.000Z",
    ]);
  });

  test("skipped minutes that are not themselves on the hour still fire once after the gap", () => {
    expect(firings(cron, "15,45 * * * *", NEW_YORK, "2025-03-09T06:40:00Z", 3)).toEqual([
      "2025-03-09T06:45:00.000Z",
      "2025-03-09T07:00:00.000Z", // 02:15 and 02:45 collapse to 03:00 EDT
      "2025-03-09T07:15:00.000Z",
    ]);
  });

  test("every-15-minutes fires through the repeated hour's first pass only", () => {
    expect(firings(cron, "*/15 * * * *", NEW_YORK, "2025-11-02T05:40:00Z", 3)).toEqual([
      "2025-11-02T05:45:00.000Z", // 01:45 EDT
      "2025-11-02T07:00:00.000Z", // 02:00 EST: 01:00–01:45 EST were already fired in EDT
      "2025-11-02T07:15:00.000Z",
    ]);
  });

  test("a list of hours still fires a repeated time once (croner alone fires such 'interval jobs' twice)", () => {
    expect(firings(cron, "0 1,0 * * *", NEW_YORK, "2025-11-01T12:00:00Z", 3)).toEqual([
      "2025-11-02T04:00:00.000Z", // 00:00 EDT
      "2025-11-02T05:00:00.000Z", // 01:00 EDT; not again at 01:00 EST
      "2025-11-03T05:00:00.000Z", // 00:00 EST
    ]);
  });

  test("a zone that springs forward at midnight fires the skipped midnight at 01:00", () => {
    // America/Santiago: 2025-09-07 00:00 -04 becomes 01:00 -03.
    expect(firings(cron, "0 0 * * *", "America/Santiago", "2025-09-05T12:00:00Z", 2)).toEqual([
      "2025-09-06T04:00:00.000Z",
      "2025-09-07T04:00:00.000Z",
    ]);
  });

  test("a 45-minute-offset zone maps its skipped 02:45 to the end of the gap", () => {
    // Pacific/Chatham: 2025-09-28 02:45 +1245 becomes 03:45 +1345.
    expect(firings(cron, "45 2 * * *", "Pacific/Chatham", "2025-09-26T00:00:00Z", 3)).toEqual([
      "2025-09-26T14:00:00.000Z",
      "2025-09-27T14:00:00.000Z",
      "2025-09-28T13:00:00.000Z",
    ]);
  });
});

describe("CronerCronEvaluator check", () => {
  const cron = new CronerCronEvaluator();

  test("a plain schedule passes without warnings", () => {
    expect(cron.check("0 9 * * 1-5", "Africa/Nairobi")).toEqual({ ok: true, warnings: [] });
  });

  test("restricted day-of-month and day-of-week pass with a POSIX OR warning", () => {
    expect(cron.check("0 9 1 * 1", "UTC")).toEqual({
      ok: true,
      warnings: ["Cron '0 9 1 * 1' fires when either day-of-month or day-of-week matches (POSIX OR)"],
    });
  });

  test("restricted day fields fire on either: the 1st or a Monday", () => {
    // 2025-09-01 is a Monday; 2025-10-01 a Wednesday.
    expect(firings(cron, "0 9 1 * 1", "UTC", "2025-09-20T00:00:00Z", 3)).toEqual([
      "2025-09-22T09:00:00.000Z",
      "2025-09-29T09:00:00.000Z",
      "2025-10-01T09:00:00.000Z",
    ]);
  });

  test("a bare * in either day field means the other alone decides, with no warning", () => {
    expect(cron.check("0 9 * * 1", "UTC")).toEqual({ ok: true, warnings: [] });
    expect(firings(cron, "0 9 13 * *", "UTC", "2025-09-01T00:00:00Z", 1)).toEqual(["2025-09-13T09:00:00.000Z"]);
  });

  test.each(["0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *"])("'%s' never fires, found at once", (expression) => {
    const started = performance.now();
    expect(cron.check(expression, "UTC")).toEqual({ ok: false, issue: `Cron '${expression}' never fires` });
    expect(cron.nextAfter(expression, "UTC", Date.parse("2025-01-01T00:00:00Z"))).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });

  test("the 30th of February with a weekday restriction fires on that weekday (POSIX OR)", () => {
    expect(cron.check("0 0 30 2 1", "UTC").ok).toBe(true);
  });

  test("the 29th of February fires, in leap years only", () => {
    expect(cron.check("0 0 29 2 *", "UTC")).toEqual({ ok: true, warnings: [] });
    expect(firings(cron, "0 0 29 2 *", "UTC", "2025-01-01T00:00:00Z", 2)).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2032-02-29T00:00:00.000Z",
    ]);
  });

  test("an unknown time zone is an issue naming it", () => {
    expect(cron.check("0 9 * * *", "Mars/Olympus_Mons")).toEqual({
      ok: false,
      issue: "Unknown time zone 'Mars/Olympus_Mons'",
    });
    expect(cron.check("0 9 * * *", "+03:00")).toEqual({ ok: false, issue: "Unknown time zone '+03:00'" });
    expect(cron.check("0 9 * * *", "")).toEqual({ ok: false, issue: "Unknown time zone ''" });
  });

  test.each([
    ["61 * * * *", "Invalid cron '61 * * * *': Invalid value for minute: 61"],
    ["0 24 * * *", "Invalid cron '0 24 * * *': Invalid value for hour: 24"],
    ["0 0 * * JUL", "Invalid cron '0 0 * * JUL': 'JUL' is not a valid day-of-week"],
    ["every day", "Invalid cron 'every day': expected 5 fields (minute hour day-of-month month day-of-week), found 2"],
    ["a b c d e", "Invalid cron 'a b c d e': 'a' is not a valid minute"],
    ["*/0 * * * *", "Invalid cron '*/0 * * * *': Syntax error, illegal stepping: 0"],
  ])("an invalid expression '%s' is an issue naming it", (expression, issue) => {
    expect(cron.check(expression, "UTC")).toEqual({ ok: false, issue });
  });

  test.each(["0 0 9 * * *", "0 0 9 * * * 2030"])("'%s', with a seconds or years field, is refused", (expr) => {
    const result = cron.check(expr, "UTC");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issue).toMatch(/^Cron '.+' has [67] fields; only standard 5-field cron is supported/);
  });

  test.each([
    ["0 0 L * *", "'L' (last day or weekday)"],
    ["0 0 * * 5L", "'L' (last day or weekday)"],
    ["0 0 * * FRIL", "'L' (last day or weekday)"],
    ["0 0 15W * *", "'W' (nearest weekday)"],
    ["0 0 LW * *", "'L' (last day or weekday)"],
    ["0 0 * * MON#2", "'#' (nth weekday of the month)"],
    ["0 0 ? * 1", "'?' (no specific value)"],
    ["0 0 1 * +MON", "'+' (day-of-month AND day-of-week)"],
  ])("the extension in '%s' is refused, not reinterpreted", (expression, named) => {
    expect(cron.check(expression, "UTC")).toEqual({
      ok: false,
      issue: `Cron '${expression}' uses ${named}, a non-standard extension that is not supported`,
    });
  });

  test("nicknames are refused", () => {
    expect(cron.check("@daily", "UTC")).toMatchObject({ ok: false, issue: expect.stringContaining("nickname") });
  });

  test("month and weekday names and 7 for Sunday are standard and accepted", () => {
    expect(cron.check("0 8 * jul-AUG Sun", "Europe/London")).toEqual({ ok: true, warnings: [] });
    expect(firings(cron, "0 8 * * 7", "UTC", "2025-07-01T00:00:00Z", 1)).toEqual(["2025-07-06T08:00:00.000Z"]);
  });

  test("'SUN-SUN' is Sunday alone, not the whole week (regression: croner's own names read it as 0-7)", () => {
    // 2025-03-02 is a Sunday.
    expect(firings(cron, "0 0 * * SUN-SUN", "UTC", "2025-03-01T00:00:00Z", 2)).toEqual([
      "2025-03-02T00:00:00.000Z",
      "2025-03-09T00:00:00.000Z",
    ]);
    expect(firings(cron, "0 0 * * FRI-SUN", "UTC", "2025-03-01T00:00:00Z", 2)).toEqual([
      "2025-03-02T00:00:00.000Z",
      "2025-03-07T00:00:00.000Z",
    ]);
  });

  test("nextAfter throws on input that check refuses: using it unchecked is a bug", () => {
    expect(() => cron.nextAfter("0 0 L * *", "UTC", 0)).toThrow(RangeError);
    expect(() => cron.nextAfter("0 0 * * *", "Nowhere/Land", 0)).toThrow("Unknown time zone 'Nowhere/Land'");
  });

  test("nextAfter is strictly after its reference", () => {
    const at = Date.parse("2025-06-01T09:00:00Z");
    expect(cron.nextAfter("0 9 * * *", "UTC", at)).toBe(Date.parse("2025-06-02T09:00:00Z"));
    expect(cron.nextAfter("0 9 * * *", "UTC", at - 1)).toBe(at);
  });
});
