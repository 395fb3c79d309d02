import fc from "fast-check";
import { cancelAction, guarded, launchAction, pauseAction, resumeAction, retryAction } from "./actions.ts";
import { InvariantViolation, unchanged } from "./invariants.ts";
import { snapshot } from "./observe.ts";
import { hasCampaign, pick, step, targetIndex } from "./step.ts";
import { ACTOR, type ModelWorld } from "./world.ts";

const campaign = fc.record({ c: targetIndex });
const runOf = async (w: ModelWorld, campaignId: string, i: number) => pick(await w.stores.runs.listByCampaign(campaignId), i);

/** Launch control, as the seed describes it: validate, launch, pause, resume, cancel, retry. */
export const CONTROL_STEPS = {
  validate: step({
    arb: campaign,
    check: hasCampaign,
    run: async (w, a) => {
      const id = pick(w.campaigns, a.c)!;
      const before = await snapshot(w);
      const r = await w.service.validate(ACTOR, id);
      unchanged("validateChangesNothing", before, await snapshot(w));
      if (!r.ok) throw new InvariantViolation("validateAlwaysAnswers", JSON.stringify(r));
      w.event(r.value.valid ? "validate_valid" : "validate_invalid");
      if (w.cancelled.has(id) && r.value.valid) throw new InvariantViolation("cancelIsSticky", `cancelled ${id} validates`);
    },
  }),
  launch: step({
    arb: fc.record({ c: targetIndex, run: fc.option(targetIndex, { nil: null }) }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = pick(w.campaigns, a.c)!;
      const runId = a.run === null ? null : (await runOf(w, id, a.run))?.run_id ?? null;
      await launchAction(w, id, runId, true);
    },
  }),
  pause: step({ arb: campaign, check: hasCampaign, run: (w, a) => pauseAction(w, pick(w.campaigns, a.c)!, true) }),
  resume: step({ arb: campaign, check: hasCampaign, run: (w, a) => resumeAction(w, pick(w.campaigns, a.c)!, true) }),
  cancel: step({ arb: campaign, check: hasCampaign, run: (w, a) => cancelAction(w, pick(w.campaigns, a.c)!, true) }),
  /** Re-times a run (how a client restores the time a go-now resume replaced); refused once it has started. */
  patchRun: step({
    arb: fc.record({ c: targetIndex, run: targetIndex, when: fc.constantFrom("now", "in_2h", "none", "past_2d") }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = pick(w.campaigns, a.c)!;
      const run = await runOf(w, id, a.run);
      if (!run || run.recurrence !== null) return;
      const now = w.clock.now();
      const at = { now, in_2h: now + 2 * 3_600_000, none: null, past_2d: now - 48 * 3_600_000 }[a.when];
      const r = await guarded(w, "patchRun", true, () => w.service.patchRun(ACTOR, id, run.run_id, { scheduled_at: at }));
      if (r !== "unavailable" && r.ok && (w.cancelled.has(id) || (run.status !== "ready" && run.status !== "scheduled"))) {
        throw new InvariantViolation("patchRunOnlyBeforeStart", `re-timed ${run.status} run ${run.run_id} of ${w.cancelled.has(id) ? "cancelled " : ""}campaign ${id}`);
      }
    },
  }),
  retry: step({
    arb: fc.record({ c: targetIndex, run: targetIndex }),
    check: hasCampaign,
    run: async (w, a) => {
      const id = pick(w.campaigns, a.c)!;
      const run = await runOf(w, id, a.run);
      if (run) await retryAction(w, id, run.run_id, true);
    },
  }),
};
