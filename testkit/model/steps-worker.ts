import fc from "fast-check";
import type { SendResult } from "../../core/index.ts";
import { atRest, InvariantViolation } from "./invariants.ts";
import { observe, rowsOf } from "./observe.ts";
import { CALL_FAULTS } from "./probe-gateway.ts";
import { pick, step } from "./step.ts";
import type { ModelWorld, Proc } from "./world.ts";

/**
 * Ticks until a tick finds nothing at all to do (bounded): `proc`, or the live worker (which a crash replaces)
 * when `proc` is null.
 */
export async function drain(w: ModelWorld, proc: Proc | null, maxTicks = 300): Promise<void> {
  let idle = 0;
  for (let i = 0; i < maxTicks && idle < 1; i++) idle = (await w.tick(proc ?? w.live)) === "idle" ? idle + 1 : 0;
}

/**
 * Brings the system to rest and checks nothing is stuck: everything up, a fresh worker drains, the clock passes
 * every lease and then the pickup window (draining after each), the reconciler runs.
 */
export async function settle(w: ModelWorld): Promise<void> {
  await w.setFlagsUp(true);
  w.sim.unreachable = false;
  const proc = w.spawn("s");
  await drain(w, proc);
  w.clock.advance(w.base.config.leaseMs + 1);
  await drain(w, proc);
  w.clock.advance(w.base.config.pickupWindowMs + 1);
  await drain(w, proc);
  await proc.engine.worker.reconcileRefunds();
  atRest(await observe(w), w.clock.now());
}

const refused = (what: string, ok: boolean, detail: string) => {
  if (!ok) throw new InvariantViolation("staleWritesRefused", `${what}: ${detail}`);
};

/**
 * A crashed worker's fenced writes, replayed with its old claim after another claim took the run: the run write
 * must be refused, it must not take back rows a later claim took, and any message write to a row it no longer
 * holds is refused (rows are fenced one by one: a row still QUEUED under its old fence is its own in-flight
 * call, whose outcome it may still record; a row no claim ever took may still be taken, by the port's contract).
 */
async function staleWrites(w: ModelWorld, proc: Proc): Promise<void> {
  for (const claim of proc.trace.claims.values()) {
    const current = await w.stores.runs.get(claim.run_id);
    if (!current || current.fence === claim.fence) {
      w.event("stale_claim_not_superseded");
      continue;
    }
    const now = w.clock.now();
    const update = await w.stores.runs.update(claim.run_id, { fence: claim.fence }, { status: "completed", updated_at: now });
    refused("update", update === null, `run ${claim.run_id} written under stale fence ${claim.fence}`);
    const held = await rowsOf(w, claim.run_id);
    const taken = await w.stores.messages.takeBatch(claim.run_id, claim.fence, 1_000, now);
    const stolen = taken.filter((m) => (held.find((h) => h.seq === m.seq)?.fence ?? 0) > claim.fence).map((m) => m.seq);
    refused("takeBatch", stolen.length === 0, `rows ${stolen.join(", ")} of ${claim.run_id} taken back from a later claim under stale fence ${claim.fence}`);
    const rows = await rowsOf(w, claim.run_id);
    const others = rows.filter((m) => m.status !== "QUEUED" || m.fence !== claim.fence);
    const results: SendResult[] = others.map((m) => ({ seq: m.seq, status: "SENT", provider_message_id: `stale-${m.seq}`, error: null }));
    const recorded = await w.stores.messages.recordResults(claim.run_id, claim.fence, results, now);
    refused("recordResults", recorded === 0, `${recorded} rows of ${claim.run_id} recorded under stale fence ${claim.fence}`);
    await w.stores.messages.releaseQueued(claim.run_id, claim.fence, others.map((m) => m.seq), now);
    refused("releaseQueued", JSON.stringify(await rowsOf(w, claim.run_id)) === JSON.stringify(rows), `rows of ${claim.run_id} released under stale fence ${claim.fence}`);
    w.event("stale_writes_refused");
  }
}

/** The worker: pickup ticks, faults inside provider calls, crashes, stale wake-ups, the reconciler, rest. */
export const WORKER_STEPS = {
  tick: step({ arb: fc.constant({}), run: async (w) => void (await w.tick(w.live)) }),
  /** Arms a fault for the k-th next provider call of the live worker (in this tick or a later one), then ticks. */
  armFault: step({
    arb: fc.record({ at: fc.constantFrom(1, 1, 2, 2, 3), fault: fc.constantFrom(...CALL_FAULTS) }),
    run: async (w, a) => {
      if (a.fault === "flags_down" && !w.controls.setFlagsUp) return;
      w.live.probe.arm(a.at, a.fault);
      await w.tick(w.live);
    },
  }),
  drain: step({ arb: fc.constant({}), run: (w) => drain(w, null, 30) }),
  reconcile: step({ arb: fc.constant({}), run: async (w) => void (await w.live.engine.worker.reconcileRefunds()) }),
  wake: step({
    arb: fc.record({ i: fc.nat() }),
    check: (m) => m.hung > 0,
    run: async (w, a) => {
      const hung = pick(w.hung, a.i)!;
      w.hung.splice(w.hung.indexOf(hung), 1);
      hung.proc.probe.wake();
      const settled = await hung.tick;
      if (!settled.ok) throw settled.error;
      w.event(`woken_${settled.outcome}`);
    },
  }),
  staleWrites: step({
    arb: fc.record({ i: fc.nat() }),
    check: (m) => m.hung > 0,
    run: (w, a) => staleWrites(w, pick(w.hung, a.i)!.proc),
  }),
  settle: step({ arb: fc.constant({}), run: settle }),
};
