import type { Campaign, Message, Run, RunTotals } from "../../core/index.ts";
import { PHONES } from "./phones.ts";
import { WORKSPACE, type ModelWorld } from "./world.ts";

/** Everything the invariants read, straight from the stores under test (never through the engine). */
export interface Observed {
  readonly campaigns: readonly Campaign[];
  readonly runs: readonly Run[];
  readonly rows: ReadonlyMap<string, readonly Message[]>;
  readonly totals: ReadonlyMap<string, RunTotals>;
  readonly balance: number;
}

const ALL = 1_000_000;

export async function rowsOf(w: ModelWorld, runId: string): Promise<Message[]> {
  return w.stores.messages.list(runId, { afterSeq: -1, limit: ALL });
}

/** The state of every campaign the model created, its runs, their rows and units, and the balance. */
export async function observe(w: ModelWorld): Promise<Observed> {
  const campaigns: Campaign[] = [];
  const runs: Run[] = [];
  const rows = new Map<string, Message[]>();
  const totals = new Map<string, RunTotals>();
  for (const id of w.campaigns) {
    const c = await w.stores.campaigns.get(id);
    if (c) campaigns.push(c);
    for (const r of await w.stores.runs.listByCampaign(id)) {
      runs.push(r);
      rows.set(r.run_id, await rowsOf(w, r.run_id));
      totals.set(r.run_id, await w.stores.ledger.totals(r.run_id));
    }
  }
  return { campaigns, runs, rows, totals, balance: await w.stores.ledger.balance(WORKSPACE) };
}

/**
 * Everything a client could observe, as one comparable string: campaigns, runs, rows, units, balance, groups
 * and their contacts, suppressions, flags (when the flag store is up) and what the provider was handed.
 */
export async function snapshot(w: ModelWorld): Promise<string> {
  const o = await observe(w);
  const groups = [];
  for (const g of w.groups) {
    groups.push({ group: await w.stores.groups.getGroup(g), contacts: await w.stores.groups.listContacts(g, 0, ALL) });
  }
  const flags: Record<string, unknown> = {};
  if (w.flagsUp) for (const r of o.runs) flags[r.run_id] = await w.stores.flags.read(r.run_id);
  return JSON.stringify({
    campaigns: o.campaigns,
    runs: o.runs,
    rows: [...o.rows],
    totals: [...o.totals],
    balance: o.balance,
    groups,
    suppressed: [...(await w.stores.groups.suppressed(WORKSPACE, PHONES))].sort(),
    flags,
    handed: w.sim.sent.length,
  });
}

/** The first place two snapshots differ, for a readable failure. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 80)}…\n  became\n…${b.slice(Math.max(0, i - 80), i + 80)}…`;
}
