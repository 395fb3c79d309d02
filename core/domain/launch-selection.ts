import type { Run } from "./model.ts";

/**
 * The run a launch without `run_id` triggers: the earliest `ready` run by `scheduled_at` ascending, runs without
 * a time (null or undefined) last, ties broken by creation order. Pure.
 */
export function selectLaunchRun(runs: readonly Run[]): Run | null {
  const ready = runs.filter((r) => r.status === "ready");
  ready.sort((a, b) => {
    const at = a.scheduled_at ?? null;
    const bt = b.scheduled_at ?? null;
    if (at !== bt) {
      if (at === null) return 1;
      if (bt === null) return -1;
      if (at !== bt) return at - bt;
    }
    return a.created_at - b.created_at || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0);
  });
  return ready[0] ?? null;
}
