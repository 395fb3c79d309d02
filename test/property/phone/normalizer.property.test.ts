import { fc, test } from "@fast-check/vitest";
import { getCountries, getExampleNumber } from "libphonenumber-js/max";
import examples from "libphonenumber-js/examples.mobile";
import { describe, expect } from "vitest";
import { LibphonenumberNormalizer } from "../../../adapters/libphonenumber/libphonenumber-normalizer.ts";

const normalizer = new LibphonenumberNormalizer();

/** Ranges where every suffix is a valid number: UK drama fixed lines, Tanzanian and Kenyan mobiles. */
const PLANS = [
  { region: "GB", cc: "44", prefix: "1134960", suffixDigits: 3 },
  { region: "GB", cc: "44", prefix: "1614960", suffixDigits: 3 },
  { region: "GB", cc: "44", prefix: "2079460", suffixDigits: 3 },
  { region: "TZ", cc: "255", prefix: "712", suffixDigits: 6 },
  { region: "TZ", cc: "255", prefix: "754", suffixDigits: 6 },
  { region: "KE", cc: "254", prefix: "712", suffixDigits: 6 },
] as const;

const validNumber = fc
  .record({ plan: fc.constantFrom(...PLANS), suffix: fc.nat({ max: 999_999 }) })
  .map(({ plan, suffix }) => {
    const nsn = plan.prefix + String(suffix % 10 ** plan.suffixDigits).padStart(plan.suffixDigits, "0");
    return { region: plan.region, cc: plan.cc, nsn, e164: `+${plan.cc}${nsn}` };
  });

/** The digits cut into groups joined by the separators people use, the first group maybe in parentheses. */
const grouped = (digits: string) =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: digits.length - 1 }), { maxLength: 4 }),
      separators: fc.array(fc.constantFrom(" ", "-", ".", "", " - "), { minLength: 4, maxLength: 4 }),
      parenthesize: fc.boolean(),
    })
    .map(({ cuts, separators, parenthesize }) => {
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), digits.length];
      const groups = bounds.slice(1).map((end, i) => digits.slice(bounds[i], end));
      if (parenthesize && groups.length > 1) groups[0] = `(${groups[0]})`;
      return groups.reduce((text, group, i) => (i === 0 ? group : text + (separators[i - 1] ?? " ") + group), "");
    });

const anyRegion = fc.constantFrom("GB", "TZ", "KE", "US", "DE");

/** A valid number written in one of the forms people type, with the default region that form needs. */
const writtenForm = validNumber.chain((n) =>
  fc.oneof(
    fc.record({ text: grouped(n.nsn).map((g) => `+${n.cc} ${g}`), region: anyRegion }),
    fc.record({ text: grouped(n.nsn).map((g) => `+${n.cc} (0)${g}`), region: anyRegion }),
    fc.record({ text: grouped(n.nsn).map((g) => `00${n.cc} ${g}`), region: anyRegion }),
    fc.record({ text: grouped(`0${n.nsn}`), region: fc.constant(n.region) }),
    fc.record({ text: fc.constant(`${n.cc}${n.nsn}`), region: fc.constant(n.region) }),
  ).map((form) => ({ ...form, e164: n.e164 })),
);

/** Phone-like noise (digits, separators, prefixes), so that some of it normalises and some does not. */
const phoneLike = fc.string({
  unit: fc.constantFrom(..."0123456789", "+", " ", "-", "(", ")", "00", "44", "255", "(0)"),
  maxLength: 16,
});

describe("phone normalisation properties", () => {
  test.prop([writtenForm])("every written form of a valid number normalises to the same E.164", ({ text, region, e164 }) => {
    const result = normalizer.normalize(text, region);
    expect(result).toMatchObject({ ok: true, e164 });
  });

  test.prop([fc.oneof(writtenForm.map((f) => f.text), phoneLike), anyRegion, anyRegion])(
    "normalising an E.164 result again, with any default region, gives the same result",
    (text, region, otherRegion) => {
      const first = normalizer.normalize(text, region);
      fc.pre(first.ok);
      if (!first.ok) return;
      expect(normalizer.normalize(first.e164, otherRegion)).toEqual(first);
    },
  );

  test.prop([fc.constantFrom(...getCountries()), anyRegion])(
    "each region's example mobile number, written nationally, normalises to its E.164 and stays there",
    (region, otherRegion) => {
      const example = getExampleNumber(region, examples);
      fc.pre(example !== undefined);
      const first = normalizer.normalize(example?.formatNational() ?? "", region);
      expect(first).toMatchObject({ ok: true, e164: example?.number });
      if (first.ok) expect(normalizer.normalize(first.e164, otherRegion)).toEqual(first);
    },
  );
});
