import type { MessageStatus, Run } from "../domain/model.ts";
import { invalid, ok, type Result } from "../domain/result.ts";
import { campaignStatus } from "../domain/campaign-status.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, Page, RecipientView, ReportView, RunReport, RunView, StatusView } from "../service.types.ts";
import { loadCampaign, loadRun } from "./access.ts";
import { counters, recipientView, runView } from "./views.ts";

const MESSAGE_STATUSES: readonly MessageStatus[] = ["PENDING", "QUEUED", "SENT", "DELIVERED", "FAILED", "SKIPPED"];

/**
 * The run `status` reports: the most recently triggered run; before any has started, the next scheduled one.
 * Null when no run was ever triggered.
 */
export function statusRun(runs: readonly Run[]): Run | null {
  const triggered = runs.filter((r) => r.triggered_at !== null && r.status !== "retired");
  if (triggered.length > 0) {
    return triggered.reduce((a, b) => (b.triggered_at! > a.triggered_at! || (b.triggered_at === a.triggered_at && b.run_id > a.run_id) ? b : a));
  }
  const waiting = runs.filter((r) => r.status === "scheduled").sort((a, b) => (a.scheduled_at ?? 0) - (b.scheduled_at ?? 0));
  return waiting[0] ?? null;
}

/** Live progress and reports: status, runs, recipients, report. */
export class ReadProgress {
  constructor(private readonly deps: EngineDeps) {}

  async status(actor: Actor, campaignId: string): Promise<Result<StatusView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const run = statusRun(await this.deps.runs.listByCampaign(campaignId));
    if (!run) return ok({ status: "NO_RUN", campaign_id: campaignId });
    const view = runView(run, await this.deps.messages.counts(run.run_id));
    return ok({
      campaign_id: campaignId,
      run_id: view.run_id,
      status: view.status,
      scheduled_at: view.scheduled_at,
      current_batch: view.current_batch,
      total_batches: view.total_batches,
      recipient_count: view.recipient_count,
      sent: view.sent,
      failed: view.failed,
      skipped: view.skipped,
      delivered: view.delivered,
      pending: view.pending,
      updated_at: view.updated_at,
    });
  }

  async listRuns(actor: Actor, campaignId: string): Promise<Result<readonly RunView[]>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const runs = await this.deps.runs.listByCampaign(campaignId);
    return ok(await Promise.all(runs.map(async (r) => runView(r, await this.deps.messages.counts(r.run_id)))));
  }

  async getRun(actor: Actor, campaignId: string, runId: string): Promise<Result<RunView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const run = await loadRun(this.deps, campaign.value, runId);
    if (!run.ok) return run;
    return ok(runView(run.value, await this.deps.messages.counts(runId)));
  }

  async listRecipients(
    actor: Actor,
    campaignId: string,
    runId: string,
    query: { status?: string | null; cursor?: string | null; limit: number },
  ): Promise<Result<Page<RecipientView>>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const run = await loadRun(this.deps, campaign.value, runId);
    if (!run.ok) return run;
    const status = query.status ? query.status.toUpperCase() : undefined;
    if (status !== undefined && !MESSAGE_STATUSES.includes(status as MessageStatus)) {
      return invalid(`status must be one of ${MESSAGE_STATUSES.join(", ")}`, "status");
    }
    let afterSeq = -1;
    if (query.cursor) {
      const m = /^s(\d{1,9})$/.exec(query.cursor);
      if (!m) return invalid("cursor is not one this API returned", "cursor");
      afterSeq = Number(m[1]);
    }
    const rows = await this.deps.messages.list(runId, {
      ...(status ? { status: status as MessageStatus } : {}),
      afterSeq,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return ok({
      items: page.map(recipientView),
      next_cursor: rows.length > query.limit ? `s${page.at(-1)!.seq}` : null,
    });
  }

  async report(actor: Actor, campaignId: string): Promise<Result<ReportView>> {
    const campaign = await loadCampaign(this.deps, actor, campaignId);
    if (!campaign.ok) return campaign;
    const runs = (await this.deps.runs.listByCampaign(campaignId)).filter((r) => r.recurrence === null);
    const reports: RunReport[] = [];
    for (const run of runs) {
      const c = counters(run, await this.deps.messages.counts(run.run_id));
      const t = await this.deps.ledger.totals(run.run_id);
      reports.push({
        run_id: run.run_id,
        status: run.status === "claimed" ? "running" : run.status,
        ...c,
        delivery_rate: c.sent === 0 ? 0 : c.delivered / c.sent,
        units: t,
      });
    }
    const sum = (f: (r: RunReport) => number) => reports.reduce((s, r) => s + f(r), 0);
    const sent = sum((r) => r.sent);
    const delivered = sum((r) => r.delivered);
    return ok({
      campaign_id: campaignId,
      status: campaignStatus(campaign.value, runs),
      runs: reports,
      totals: {
        recipient_count: sum((r) => r.recipient_count),
        sent,
        delivered,
        failed: sum((r) => r.failed),
        skipped: sum((r) => r.skipped),
        pending: sum((r) => r.pending),
        delivery_rate: sent === 0 ? 0 : delivered / sent,
        units: {
          reserved: sum((r) => r.units.reserved),
          consumed: sum((r) => r.units.consumed),
          refunded: sum((r) => r.units.refunded),
        },
      },
    });
  }
}

