/**
 * An independent reference for cron firings: expressions generated together with the exact value sets they
 * mean, and a brute-force, minute-by-minute walk over real instants that reads the zone's clock with Intl.
 */
import { fc } from "@fast-check/vitest";

const MINUTE = 60_000;
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/** One cron field: its text and the values it allows. */
export interface Field {
  readonly text: string;
  readonly values: ReadonlySet<number>;
}

export interface GeneratedCron {
  readonly expression: string;
  readonly minute: ReadonlySet<number>;
  readonly hour: ReadonlySet<number>;
  readonly dom: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  /** 0–6, Sunday 0 (a 7 in the text is read as 0). */
  readonly dow: ReadonlySet<number>;
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

const steps = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Items of a field between `min` and `max`; `name` renders a value as a name where the field has them. */
function item(min: number, max: number, name?: (v: number) => string): fc.Arbitrary<Field> {
  const show = (v: number, asName: boolean) => (asName && name ? name(v) : String(v));
  const value = fc.integer({ min, max });
  return fc.oneof(
    fc.tuple(value, fc.boolean()).map(([v, n]) => ({ text: show(v, n), values: new Set([v]) })),
    fc.tuple(value, value, fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([a, b, step, n]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      // 0-7 in day-of-week cannot be written with names: SUN-SUN is Sunday alone.
      const named = n && (lo === hi || show(lo, true) !== show(hi, true));
      const text = `${show(lo, named)}-${show(hi, named)}${step > 1 ? `/${step}` : ""}`;
      return { text, values: new Set(steps(lo, hi, step)) };
    }),
  );
}

/** A field: `*`, `*\/k`, or a list of 1–3 items (values, ranges, stepped ranges). */
function field(
  min: number,
  max: number,
  opts: { star: number; stepMin: number; name?: (v: number) => string; maxValues?: number },
) {
  const list = fc.array(item(min, max, opts.name), { minLength: 1, maxLength: 3 }).map((items) => ({
    text: items.map((i) => i.text).join(","),
    values: new Set(items.flatMap((i) => [...i.values])),
  })).filter((f) => f.values.size <= (opts.maxValues ?? max + 1));
  const star = fc.constant({ text: "*", values: new Set(steps(min, max, 1)) });
  const stepped = fc.integer({ min: opts.stepMin, max: Math.max(opts.stepMin, Math.floor((max - min + 1) / 2)) })
    .map((k) => ({ text: `*/${k}`, values: new Set(steps(min, max, k)) }));
  return fc.oneof(
    ...(opts.star > 0 ? [{ weight: opts.star, arbitrary: star }] : []),
    { weight: 2, arbitrary: stepped },
    { weight: 4, arbitrary: list },
  );
}

/** Hours near midnight and 01–03, where the zones in the test change their clocks, come up often. */
const hourField = fc.oneof(
  field(0, 23, { star: 1, stepMin: 2 }),
  fc.uniqueArray(fc.constantFrom(0, 1, 2, 3, 23), { minLength: 1, maxLength: 3 })
    .map((hs) => ({ text: hs.join(","), values: new Set(hs) })),
);

/** 5-field expressions that fire often enough: day and month fields mostly `*`. */
export const generatedCron: fc.Arbitrary<GeneratedCron> = fc.record({
  // At most 20 minutes an hour keeps each run's brute force and materialisation short.
  minute: field(0, 59, { star: 0, stepMin: 5, maxValues: 20 }),
  hour: hourField,
  dom: field(1, 31, { star: 20, stepMin: 2 }),
  month: field(1, 12, { star: 24, stepMin: 2, name: (v) => MONTH_NAMES[v - 1]! }),
  dow: field(0, 7, { star: 10, stepMin: 2, name: (v) => DAY_NAMES[v]! }),
}).map(({ minute, hour, dom, month, dow }) => ({
  expression: [minute, hour, dom, month, dow].map((f) => f.text).join(" "),
  minute: minute.values,
  hour: hour.values,
  dom: dom.values,
  month: month.values,
  dow: new Set([...dow.values].map((d) => d % 7)),
  domRestricted: dom.text !== "*",
  dowRestricted: dow.text !== "*",
}));

/** Whether the wall-clock minute `wall` (wall milliseconds: the calendar reading taken as UTC) matches. */
export function matchesWall(cron: GeneratedCron, wall: number): boolean {
  const at = new Date(wall);
  const domOk = cron.dom.has(at.getUTCDate());
  const dowOk = cron.dow.has(at.getUTCDay());
  // POSIX: both day fields restricted -> either; otherwise the restricted one (or none) decides.
  const dayOk = cron.domRestricted && cron.dowRestricted ? domOk || dowOk : domOk && dowOk;
  return cron.minute.has(at.getUTCMinutes()) && cron.hour.has(at.getUTCHours()) &&
    cron.month.has(at.getUTCMonth() + 1) && dayOk;
}

const readers = new Map<string, Intl.DateTimeFormat>();
/** What en-GB prints for the options below: `09/03/2025, 03:00`. */
const PRINTED = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2})$/;

/** The zone's wall clock at `instant`, as printed by Intl, as wall milliseconds. */
export function wallClock(zone: string, instant: number): number {
  let reader = readers.get(zone);
  if (reader === undefined) {
    reader = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    readers.set(zone, reader);
  }
  // Parsing the printed text is a few times faster than formatToParts, and the brute force reads every minute.
  const printed = reader.format(instant);
  const [, day, month, year, hour, minute] = PRINTED.exec(printed) ?? [];
  if (minute === undefined) throw new Error(`unexpected Intl output '${printed}'`);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
}

/**
 * Every firing in [start, end], by walking real instants minute by minute. The clock's high-water mark says
 * which wall minutes are new: a minute read for the first time fires if it matches; minutes the clock jumps
 * over fire, once, at the instant of the jump; minutes read again after the clock goes back do not fire.
 */
export function bruteForce(cron: GeneratedCron, zone: string, start: number, end: number): number[] {
  // Clocks change on whole minutes, so whole-minute instants see every wall minute that is ever read.
  const first = Math.ceil(start / MINUTE) * MINUTE;
  let high = Number.NEGATIVE_INFINITY;
  for (let t = first - 3 * 60 * MINUTE; t < first; t += MINUTE) high = Math.max(high, wallClock(zone, t));
  const fired: number[] = [];
  for (let t = first; t <= end; t += MINUTE) {
    const wall = wallClock(zone, t);
    if (wall <= high) continue;
    let fires = false;
    for (let w = Math.max(high + MINUTE, wall - 3 * 60 * MINUTE); w <= wall && !fires; w += MINUTE) {
      fires = matchesWall(cron, w);
    }
    if (fires) fired.push(t);
    high = wall;
  }
  return fired;
}

/** Instants in `year` at which the zone's UTC offset changes (to the hour), for windows around them. */
export function transitions(zone: string, year: number): number[] {
  const out: number[] = [];
  const offset = (t: number) => wallClock(zone, t) - Math.floor(t / MINUTE) * MINUTE;
  let previous = offset(Date.UTC(year, 0, 1));
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 60 * MINUTE) {
    const current = offset(t);
    if (current !== previous) out.push(t);
    previous = current;
  }
  return out;
}
