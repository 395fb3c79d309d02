import fc from "fast-check";
import type { Channel, OneShotRunInput, RecurringRunInput } from "../../core/index.ts";
import { guarded } from "./actions.ts";
import { InvariantViolation } from "./invariants.ts";
import { BODIES, type PhoneToken, PHONES, rawPhone, SENDERS } from "./phones.ts";
import { hasCampaign, hasGroup, pick, step, targetIndex } from "./step.ts";
import { ACTOR, type ModelWorld, WORKSPACE } from "./world.ts";

const HOUR = 3_600_000;
const must = (invariant: string, ok: boolean, detail: () => string) => {
  if (!ok) throw new InvariantViolation(invariant, detail());
};
const campaignAt = (w: ModelWorld, i: number) => pick(w.campaigns, i)!;

const phoneToken: fc.Arbitrary<PhoneToken> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ i: fc.nat(5), format: fc.constantFrom("e164" as const, "national" as const, "spaced" as const) }) },
  { weight: 1, arbitrary: fc.record({ invalid: fc.constantFrom("short" as const, "text" as const) }) },
);

/** Building a campaign: campaigns, groups, contacts, opt-outs, audiences, content and runs. */
export const BUILD_STEPS = {
  createCampaign: step({
    arb: fc.record({ channel: fc.constantFrom<Channel | null>("sms", "sms", "sms", null, "voice") }),
    run: async (w, a) => {
      const r = await w.service.createCampaign(ACTOR, { name: "Promo", workspace_id: WORKSPACE, message_channel_id: a.channel });
      must("createCampaign", r.ok, () => JSON.stringify(r));
      if (r.ok) w.campaigns.push(r.value.campaign_id);
    },
  }),
  patchCampaign: step({
    arb: fc.record({ c: targetIndex, channel: fc.constantFrom<Channel | null | undefined>("sms", "voice", null, undefined), name: fc.constantFrom("Renamed", " ") }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = campaignAt(w, a.c);
      const r = await guarded(w, "patchCampaign", true, () => w.service.patchCampaign(ACTOR, id, { name: a.name, ...(a.channel !== undefined ? { message_channel_id: a.channel } : {}) }));
      if (r !== "unavailable" && w.cancelled.has(id)) must("cancelIsSticky", !r.ok, () => `PATCH of cancelled ${id} succeeded`);
    },
  }),
  createGroup: step({
    arb: fc.constant({}),
    run: async (w) => {
      const r = await w.service.createGroup(ACTOR, { name: "Customers" });
      must("createGroup", r.ok, () => JSON.stringify(r));
      if (r.ok) w.groups.push(r.value.group_id);
    },
  }),
  importContacts: step({
    arb: fc.record({
      g: targetIndex,
      rows: fc.array(fc.record({ phone: phoneToken, name: fc.boolean(), city: fc.boolean() }), { minLength: 1, maxLength: 5 }),
    }),
    check: hasGroup,
    run: async (w, a) => {
      const rows = a.rows.map((r) => ({
        phone: rawPhone(r.phone),
        ...(r.name ? { name: `P${"i" in r.phone ? r.phone.i : "x"}` } : {}),
        ...(r.city ? { attributes: { city: "Arusha" } } : {}),
      }));
      const r = await guarded(w, "importContacts", true, () => w.service.importContacts(ACTOR, pick(w.groups, a.g)!, rows));
      if (r === "unavailable") return;
      must("importReportsEveryRow", r.ok, () => JSON.stringify(r));
      if (!r.ok) return;
      const invalid = a.rows.filter((x) => "invalid" in x.phone).length;
      const distinct = new Set(a.rows.flatMap((x) => ("i" in x.phone ? [x.phone.i] : []))).size;
      must("importReportsEveryRow", r.value.rejected.length === invalid && r.value.imported + r.value.updated === distinct, () => JSON.stringify(r.value));
    },
  }),
  suppress: step({
    arb: fc.record({ phones: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 2 }) }),
    run: async (w, a) => {
      const r = await w.service.suppress(ACTOR, a.phones.map((i) => PHONES[i]!));
      must("suppress", r.ok, () => JSON.stringify(r));
    },
  }),
  attach: step({
    arb: fc.record({ c: targetIndex, g: targetIndex }),
    check: (m) => hasCampaign(m) && hasGroup(m),
    run: async (w, a) => {
      const id = campaignAt(w, a.c);
      const r = await guarded(w, "attach", true, () => w.service.attachAudience(ACTOR, id, pick(w.groups, a.g)!));
      if (r !== "unavailable" && w.cancelled.has(id)) must("cancelIsSticky", !r.ok, () => `attach to cancelled ${id} succeeded`);
    },
  }),
  detach: step({
    arb: fc.record({ c: targetIndex, g: targetIndex }),
    check: (m) => hasCampaign(m) && hasGroup(m),
    run: async (w, a) => {
      await guarded(w, "detach", true, () => w.service.detachAudience(ACTOR, campaignAt(w, a.c), pick(w.groups, a.g)!));
    },
  }),
  setContent: step({
    arb: fc.record({ c: targetIndex, body: fc.nat(BODIES.length - 1), sender: fc.constantFrom(0, 0, 0, 1) }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = campaignAt(w, a.c);
      const content = { body: BODIES[a.body]!, sender_id: SENDERS[a.sender]! };
      const r = await guarded(w, "setContent", true, () => w.service.putContent(ACTOR, id, "sms", content));
      if (r !== "unavailable") must("contentRules", r.ok === (a.sender === 0 && !w.cancelled.has(id)), () => JSON.stringify(r));
    },
  }),
  addRun: step({
    arb: fc.record({
      c: targetIndex,
      when: fc.constantFrom("now", "in_10m", "in_2h", "none", "past_1h", "past_2d", "recurring", "recurring"),
      cron: fc.nat(1),
      max: fc.constantFrom(1, 2, 3, null),
    }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = campaignAt(w, a.c);
      const now = w.clock.now();
      const at: Record<string, number | null> = { now, in_10m: now + 600_000, in_2h: now + 2 * HOUR, none: null, past_1h: now - HOUR, past_2d: now - 48 * HOUR };
      const input: OneShotRunInput | RecurringRunInput = a.when === "recurring"
        ? { cron: ["*/30 * * * *", "0 9 * * *"][a.cron]!, timezone: ["Africa/Dar_es_Salaam", "Europe/London"][a.cron]!, max_occurrences: a.max }
        : { scheduled_at: at[a.when] ?? null };
      const r = await guarded(w, "addRun", true, () => w.service.createRun(ACTOR, id, input));
      if (r !== "unavailable") must("createRunRules", r.ok !== w.cancelled.has(id), () => JSON.stringify(r));
    },
  }),
  credit: step({
    arb: fc.record({ units: fc.constantFrom(10, 40) }),
    run: async (w, a) => {
      const r = await w.service.credit(WORKSPACE, a.units, `model-credit-${w.nextSeq()}`);
      must("credit", r.ok && r.value.applied, () => JSON.stringify(r));
      w.credits += a.units;
    },
  }),
};
