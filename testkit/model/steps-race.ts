import fc from "fast-check";
import { cancelAction, launchAction, pauseAction, resumeAction, retryAction } from "./actions.ts";
import { PHONES } from "./phones.ts";
import { hasCampaign, pick, step, targetIndex } from "./step.ts";
import { ACTOR, type ModelWorld } from "./world.ts";

const RACE_OPS = ["tick", "tick", "past_lease", "pause", "resume", "cancel", "launch", "retry", "dlr", "suppress"] as const;
type RaceOp = typeof RACE_OPS[number];

/**
 * One contender of a race. Each runs on its own process whose every store and provider call waits for the
 * scheduler, so the scheduler picks the interleaving (and prints it, replayable with `fc.schedulerFor`).
 */
async function contender(w: ModelWorld, s: fc.Scheduler, op: RaceOp, campaignId: string, i: number): Promise<void> {
  const proc = w.spawn(op === "tick" ? "r" : "api", s);
  const svc = proc.engine.service;
  const runs = await w.stores.runs.listByCampaign(campaignId);
  switch (op) {
    case "tick":
      await w.tick(proc);
      return;
    case "past_lease":
      await s.schedule(Promise.resolve(), "clock.advance");
      w.clock.advance(w.base.config.leaseMs + 1);
      return;
    case "pause":
      return pauseAction(w, campaignId, false, svc);
    case "resume":
      return resumeAction(w, campaignId, false, svc);
    case "cancel":
      return cancelAction(w, campaignId, false, svc);
    case "launch":
      return launchAction(w, campaignId, null, false, svc);
    case "retry": {
      const run = pick(runs, i);
      return run ? retryAction(w, campaignId, run.run_id, false, svc) : undefined;
    }
    case "dlr": {
      const id = pick(w.sim.sent.flatMap((x) => (x.provider_message_id ? [x.provider_message_id] : [])), i);
      if (id) await svc.deliveryReport("sim", { provider_message_id: id, status: i % 2 ? "FAILED" : "DELIVERED" });
      return;
    }
    case "suppress":
      await svc.suppress(ACTOR, [PHONES[i % PHONES.length]!]);
      return;
  }
}

/** Races: two or three contenders at once under `fc.scheduler`. */
export const RACE_STEPS = {
  race: step({
    arb: fc.record({
      ops: fc.array(fc.constantFrom(...RACE_OPS), { minLength: 2, maxLength: 3 }),
      c: targetIndex,
      i: targetIndex,
      s: fc.scheduler(),
    }),
    check: hasCampaign,
    run: async (w, a) => {
      const campaignId = pick(w.campaigns, a.c)!;
      if (a.ops.filter((op) => op === "launch").length > 1) {
        for (const r of await w.stores.runs.listByCampaign(campaignId)) if (r.status === "ready") w.racedLaunches.add(r.run_id);
      }
      const all = Promise.allSettled(a.ops.map((op) => contender(w, a.s, op, campaignId, a.i)));
      const settled = await a.s.waitFor(all);
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  }),
};
