import type { Message } from "../domain/model.ts";
import { DELIVERED_OR_SENT } from "../domain/message-state.ts";
import type { Run } from "../domain/model.ts";
import { conflict, invalid, ok, type Result } from "../domain/result.ts";
import { isTerminal, publicRunStatus } from "../domain/run-state.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, LaunchView } from "../service.types.ts";
import { loadCampaign, loadRun } from "./access.ts";
import { loadAudience, planMessages, toMessages } from "./plan-messages.ts";
import { newRun } from "./new-run.ts";
import { iso } from "./views.ts";

const PAGE = 10_000;

/**
 * Retry a failed or cancelled run: a new run (new id, `retry_of_run_id`), scheduled now, with the same rendered
 * content for every recipient whose latest message status is not SENT or DELIVERED. Allowed on a cancelled
 * campaign (the campaign stays cancelled; the new run is sent).
 */
export class RetryRun {
  constructor(private readonly deps: EngineDeps) {}

  async #reachedPhones(runs: readonly Run[]): Promise<Set<string>> {
    const reached = new Set<string>();
    for (const run of runs) {
      for (const status of DELIVERED_OR_SENT) {
        for (let after = -1;;) {
          const page = await this.deps.messages.list(run.run_id, { status, afterSeq: after, limit: PAGE });
          for (const m of page) reached.add(m.phone);
          if (page.length < PAGE) break;
          after = page.at(-1)!.seq;
        }
      }
    }
    return reached;
  }

  async retry(actor: Actor, campaignId: string, runId: string): Promise<Result<LaunchView>> {
    const { deps } = this;
    const campaign = await loadCampaign(deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const source = await loadRun(deps, campaign.value, runId);
    if (!source.ok) return source;
    const src = source.value;
    if (src.status !== "failed" && src.status !== "cancelled") {
      const shown = src.status === "claimed" ? "running" : src.status;
      return invalid(`Only FAILED or CANCELLED runs can be retried. Current status: '${shown}'`, "run_id");
    }
    if (src.lease !== null && src.lease.expires_at > deps.clock.now()) {
      // Its worker is still recording the provider calls it made: retrying now could take those recipients.
      return conflict(`Run '${src.run_id}' is still finishing its in-flight batch; retry it in a moment`);
    }
    // Earlier retries of this run (and their retries) count: a recipient one of them reached is not sent again.
    const descendants = retriesOf(await deps.runs.listByCampaign(campaignId), src.run_id);
    const active = descendants.find((r) => !isTerminal(r.status));
    if (active) {
      return conflict(`Run '${src.run_id}' already has a retry in progress: '${active.run_id}' is ${publicRunStatus(active.status)}`);
    }
    const reached = await this.#reachedPhones(descendants);
    const now = deps.clock.now();
    const run = newRun({
      run_id: deps.ids.next("run"),
      campaign_id: src.campaign_id,
      workspace_id: src.workspace_id,
      status: "scheduled",
      scheduled_at: now,
      retry_of_run_id: src.run_id,
    }, now);

    let rows: Message[];
    if (src.recipients_fixed) {
      rows = [];
      for (let after = -1;;) {
        const page = await deps.messages.list(src.run_id, { afterSeq: after, limit: PAGE });
        for (const m of page) {
          if (DELIVERED_OR_SENT.includes(m.status) || reached.has(m.phone)) continue;
          rows.push({
            ...m,
            message_id: deps.ids.next("msg"),
            run_id: run.run_id,
            seq: rows.length,
            status: m.body === null ? "SKIPPED" : "PENDING",
            fence: 0,
            provider_message_id: null,
            error: m.body === null ? m.error : null,
            updated_at: now,
          });
        }
        if (page.length < PAGE) break;
        after = page.at(-1)!.seq;
      }
    } else {
      // The source never fixed its recipients (cancelled before it was claimed): take today's audience.
      const channel = campaign.value.message_channel_id;
      const content = channel ? campaign.value.content[channel] : undefined;
      if (!content) return invalid(`No content for channel '${channel}'`, "run_id");
      const plan = planMessages(await loadAudience(deps, campaign.value), content);
      rows = toMessages(deps, run, { ...plan, rows: plan.rows.filter((r) => !reached.has(r.phone)) }, content.sender_id, now);
    }
    const sendable = rows.filter((m) => m.status === "PENDING");
    if (sendable.length === 0) {
      return invalid("Every recipient on the source run was already SENT or DELIVERED — nothing left to retry", "run_id");
    }
    const units = sendable.reduce((sum, m) => sum + m.parts, 0);
    await deps.messages.insertMany(rows);
    const reserved = await deps.ledger.reserve(run.workspace_id, run.run_id, units);
    if (reserved === "insufficient") {
      await deps.messages.deleteRun(run.run_id);
      const balance = await deps.ledger.balance(run.workspace_id);
      return invalid(`Insufficient balance: the retry needs ${units} units, the workspace has ${balance}`, "run_id");
    }
    // The run becomes visible (and claimable) only now, complete.
    await deps.runs.insert({
      ...run,
      recipients_fixed: true,
      recipient_count: rows.length,
      total_batches: Math.ceil(sendable.length / deps.config.batchSize),
      units_reserved: units,
      triggered_at: now,
    });
    return ok({
      run_id: run.run_id,
      campaign_id: run.campaign_id,
      status: "scheduled",
      scheduled_at: iso(now),
      retry_of_run_id: src.run_id,
      recipient_count: rows.length,
    });
  }
}

/** Runs that retry `sourceId`, directly or through another retry. */
function retriesOf(runs: readonly Run[], sourceId: string): Run[] {
  const out: Run[] = [];
  let frontier = [sourceId];
  while (frontier.length > 0) {
    const next = runs.filter((r) => r.retry_of_run_id !== null && frontier.includes(r.retry_of_run_id));
    out.push(...next);
    frontier = next.map((r) => r.run_id);
  }
  return out;
}
