import fc from "fast-check";
import { InvariantViolation } from "./invariants.ts";
import { pick, step } from "./step.ts";

const MINUTE = 60_000;

/** The world around the engine: time, the flag store, the provider and its delivery reports. */
export const WORLD_STEPS = {
  advance: step({
    arb: fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("small" as const), minutes: fc.integer({ min: 1, max: 45 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("past_lease" as const), minutes: fc.constant(0) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("past_window" as const), minutes: fc.constant(0) }) },
    ),
    run: async (w, a) => {
      const c = w.base.config;
      w.clock.advance(a.kind === "small" ? a.minutes * MINUTE : a.kind === "past_lease" ? c.leaseMs + 1 : c.pickupWindowMs + 1);
    },
  }),
  flagsDown: step({ arb: fc.constant({}), check: (m) => m.canCutFlags && m.flagsUp, run: (w) => w.setFlagsUp(false) }),
  flagsUp: step({ arb: fc.constant({}), check: (m) => !m.flagsUp, run: (w) => w.setFlagsUp(true) }),
  providerDown: step({ arb: fc.constant({}), check: (m) => m.providerUp, run: async (w) => void (w.sim.unreachable = true) }),
  providerUp: step({ arb: fc.constant({}), check: (m) => !m.providerUp, run: async (w) => void (w.sim.unreachable = false) }),
  /** Reports for ids the provider issued: late, repeated, out of order, FAILED after DELIVERED, unknown ids. */
  deliveryReports: step({
    arb: fc.array(
      fc.record({ i: fc.nat(), status: fc.constantFrom("DELIVERED" as const, "FAILED" as const), times: fc.integer({ min: 1, max: 2 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    run: async (w, picks) => {
      const issued = w.sim.sent.flatMap((s) => (s.provider_message_id ? [s.provider_message_id] : []));
      for (const p of picks) {
        const id = pick(issued, p.i) ?? "sim-never-issued";
        for (let n = 0; n < p.times; n++) {
          const r = await w.service.deliveryReport("sim", { provider_message_id: id, status: p.status });
          if (!r.ok) throw new InvariantViolation("deliveryReportsAccepted", JSON.stringify(r));
          w.event(`dlr_${r.value.outcome}`);
        }
      }
    },
  }),
};
