import { describe, expect, it } from "vitest";
import type { Run } from "../../core/domain/model.ts";
import type { ClaimRequest, RunStore } from "../../core/ports/run-store.port.ts";
import type { StoreFixture } from "./contract-support.ts";
import { aRun, HOUR, MINUTE, SECOND, T0 } from "./fixtures.ts";

const WINDOW = 24 * HOUR;
const LEASE = 30 * SECOND;

/** A claim at `now` with a 24 h pickup window and a 30 s lease. */
export function claimAt(now: number, owner = "worker-1"): ClaimRequest {
  return { now, windowStart: now - WINDOW, owner, leaseMs: LEASE };
}

/** A run waiting for pickup at `scheduledAt`. */
export function aScheduledRun(scheduledAt: number | null, overrides: Partial<Run> = {}): Run {
  return aRun({ status: "scheduled", scheduled_at: scheduledAt, ...overrides });
}

async function claimAll(store: RunStore, request: ClaimRequest): Promise<Run[]> {
  const claimed: Run[] = [];
  for (let run = await store.claimNext(request); run; run = await store.claimNext(request)) claimed.push(run);
  return claimed;
}

/** `RunStore.claimNext`: which runs are due, in which order, leases, fencing, and races between claimers. */
export function describeClaims(fixture: () => StoreFixture<RunStore>): void {
  describe("claimNext", () => {
    it("claims the run with the earliest due scheduled_at first", async () => {
      const { store } = fixture();
      const runs = [aScheduledRun(T0 - 1 * MINUTE), aScheduledRun(T0 - 3 * MINUTE), aScheduledRun(T0 - 2 * MINUTE)];
      for (const run of runs) await store.insert(run);
      const order = (await claimAll(store, claimAt(T0))).map((r) => r.run_id);
      expect(order).toEqual([runs[1]!.run_id, runs[2]!.run_id, runs[0]!.run_id]);
    });

    it("a claim sets status claimed, a lease for the owner until now + leaseMs, and fence + 1", async () => {
      const { store } = fixture();
      const run = aScheduledRun(T0 - MINUTE, { fence: 4 });
      await store.insert(run);
      const claimed = await store.claimNext(claimAt(T0, "worker-7"));
      expect(claimed).toMatchObject({
        run_id: run.run_id,
        status: "claimed",
        lease: { owner: "worker-7", expires_at: T0 + LEASE },
        fence: 5,
        campaign_id: run.campaign_id,
        scheduled_at: run.scheduled_at,
      });
      expect(await store.get(run.run_id)).toEqual(claimed);
    });

    it("never claims a run without scheduled_at", async () => {
      const { store } = fixture();
      await store.insert(aScheduledRun(null));
      await store.insert(aRun({ status: "ready", scheduled_at: null }));
      expect(await store.claimNext(claimAt(T0))).toBeNull();
    });

    it("claims only scheduled runs: ready, paused and finished runs stay put however due", async () => {
      const { store } = fixture();
      for (const status of ["ready", "paused", "completed", "failed", "cancelled", "retired"] as const) {
        await store.insert(aRun({ status, scheduled_at: T0 - MINUTE }));
      }
      expect(await store.claimNext(claimAt(T0))).toBeNull();
    });

    it("claims inside the window only: at windowStart and at now yes, before windowStart or after now no", async () => {
      const { store } = fixture();
      const request = claimAt(T0);
      const before = aScheduledRun(request.windowStart - 1);
      const atStart = aScheduledRun(request.windowStart);
      const atNow = aScheduledRun(T0);
      const future = aScheduledRun(T0 + 1);
      for (const run of [before, atStart, atNow, future]) await store.insert(run);
      const claimed = (await claimAll(store, request)).map((r) => r.run_id);
      expect(claimed).toEqual([atStart.run_id, atNow.run_id]);
      expect((await store.get(before.run_id))?.status).toBe("scheduled");
      expect((await store.get(future.run_id))?.status).toBe("scheduled");
    });

    it("a claimed run is not claimable until its lease expires, then it is, with fence + 1", async () => {
      const { store } = fixture();
      const run = aScheduledRun(T0 - MINUTE);
      await store.insert(run);
      const first = await store.claimNext(claimAt(T0, "worker-1"));
      expect(first?.fence).toBe(1);
      expect(await store.claimNext(claimAt(T0 + LEASE - 1, "worker-2"))).toBeNull();
      const second = await store.claimNext(claimAt(T0 + LEASE + 1, "worker-2"));
      expect(second).toMatchObject({
        run_id: run.run_id,
        status: "claimed",
        fence: 2,
        lease: { owner: "worker-2", expires_at: T0 + 2 * LEASE + 1 },
      });
    });

    it("after a takeover the old holder's fenced write returns null and changes nothing", async () => {
      const { store } = fixture();
      await store.insert(aScheduledRun(T0 - MINUTE));
      const old = (await store.claimNext(claimAt(T0, "worker-1")))!;
      const taken = (await store.claimNext(claimAt(T0 + LEASE + 1, "worker-2")))!;
      const write = await store.update(old.run_id, { fence: old.fence, status: ["claimed", "running"] }, {
        status: "completed",
        current_batch: 9,
      });
      expect(write).toBeNull();
      expect(await store.get(old.run_id)).toEqual(taken);
    });

    it("a running run whose lease expired is claimed again, even long after its scheduled_at", async () => {
      const { store } = fixture();
      const run = aRun({
        status: "running",
        scheduled_at: T0 - 3 * WINDOW,
        lease: { owner: "dead-worker", expires_at: T0 - 1 },
        fence: 3,
        current_batch: 2,
      });
      await store.insert(run);
      const claimed = await store.claimNext(claimAt(T0, "worker-2"));
      expect(claimed).toMatchObject({ run_id: run.run_id, status: "claimed", fence: 4, current_batch: 2 });
    });

    it("a scheduled run whose lease is still live (resumed while its worker finishes a batch) waits for the lease", async () => {
      const { store } = fixture();
      const run = aScheduledRun(T0, { fence: 3, lease: { owner: "finishing", expires_at: T0 + 10 * SECOND } });
      await store.insert(run);
      expect(await store.claimNext(claimAt(T0 + SECOND))).toBeNull();
      const released = await store.update(run.run_id, { fence: 3 }, { lease: null });
      expect(released?.lease).toBeNull();
      const claimed = await store.claimNext(claimAt(T0 + 2 * SECOND));
      expect([claimed?.run_id, claimed?.fence]).toEqual([run.run_id, 4]);
    });

    it("a running run with a live lease is not claimed", async () => {
      const { store } = fixture();
      await store.insert(aRun({ status: "running", scheduled_at: T0 - MINUTE, lease: { owner: "w", expires_at: T0 + 1 }, fence: 1 }));
      expect(await store.claimNext(claimAt(T0))).toBeNull();
    });

    it("50 due runs and 10 concurrent claim loops: each run is claimed exactly once, its fence incremented", async () => {
      const { store } = fixture();
      const runs = Array.from({ length: 50 }, (_, i) => aScheduledRun(T0 - (i + 1) * SECOND, { fence: i % 3 }));
      for (const run of runs) await store.insert(run);
      const loops = Array.from({ length: 10 }, (_, w) => claimAll(store, claimAt(T0, `worker-${w}`)));
      const claimed = (await Promise.all(loops)).flat();
      expect(claimed).toHaveLength(50);
      expect(new Set(claimed.map((r) => r.run_id)).size).toBe(50);
      const initial = new Map(runs.map((r) => [r.run_id, r.fence]));
      for (const run of claimed) expect(run.fence).toBe(initial.get(run.run_id)! + 1);
      expect(await store.claimNext(claimAt(T0, "late"))).toBeNull();
    });

    it("of concurrent claimers of one due run exactly one gets it", async () => {
      const { store } = fixture();
      await store.insert(aScheduledRun(T0 - MINUTE));
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, w) => store.claimNext(claimAt(T0, `worker-${w}`))));
      expect(outcomes.filter((r) => r !== null)).toHaveLength(1);
    });
  });
}
