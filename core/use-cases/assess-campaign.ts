import type { Campaign, Run } from "../domain/model.ts";
import { COST_KEY } from "../domain/model.ts";
import type { EngineDeps } from "../deps.ts";
import type { ValidationView } from "../service.types.ts";
import { placeholders } from "../content/render.ts";
import { loadAudience, type MessagePlan, planMessages } from "./plan-messages.ts";
import { iso } from "./views.ts";

export interface Assessment {
  readonly view: ValidationView;
  /** The rendered messages, when the campaign has sendable content and audience. */
  readonly plan: MessagePlan | null;
}

interface Findings {
  readonly issues: string[];
  readonly warnings: string[];
}

/**
 * Answers "would launching `selected` succeed now?": every problem at once, as human-readable issues, plus
 * warnings that do not block. Reads only; changes nothing.
 */
export async function assessCampaign(
  deps: EngineDeps,
  campaign: Campaign,
  runs: readonly Run[],
  selected: Run | null,
): Promise<Assessment> {
  const f: Findings = { issues: [], warnings: [] };
  if (campaign.cancelled_at !== null) f.issues.push("Campaign is cancelled");
  const channel = campaign.message_channel_id;
  if (channel === null) f.issues.push("Campaign has no message channel");
  else if (channel !== "sms") f.issues.push(`Channel '${channel}' cannot be sent yet: only 'sms' is supported`);

  const content = channel ? campaign.content[channel] : undefined;
  if (channel && !content) f.issues.push(`No content for channel '${channel}'`);
  if (content && content.body.trim().length === 0) f.issues.push("Content body is empty");

  const recipients = campaign.group_ids.length > 0 ? await loadAudience(deps, campaign) : [];
  if (recipients.length === 0) f.issues.push("Audience is empty");

  let plan: MessagePlan | null = null;
  if (content && content.body.trim().length > 0 && recipients.length > 0) {
    plan = planMessages(recipients, content);
    checkPlaceholders(content.body, plan, recipients.length, f);
    for (const ch of plan.ucs2Characters.slice(0, 5)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      f.warnings.push(`Character '${ch}' (U+${code}) makes the messages that contain it UCS-2: 70 characters per part (67 when split) instead of 160 (153)`);
    }
  }

  if (runs.length === 0) f.issues.push("Campaign has no runs");
  if (selected) checkRun(deps, selected, f);

  if (plan && selected) {
    const balance = await deps.ledger.balance(campaign.workspace_id);
    if (balance < plan.units) {
      f.issues.push(`Insufficient balance: the run needs ${plan.units} units, the workspace has ${balance}`);
    }
  }
  const valid = f.issues.length === 0;
  const estimated_cost = valid && plan && channel ? { [COST_KEY[channel]]: plan.units } : {};
  return { view: { valid, issues: f.issues, warnings: f.warnings, estimated_cost }, plan };
}

function checkPlaceholders(body: string, plan: MessagePlan, total: number, f: Findings): void {
  for (const key of placeholders(body)) {
    const missing = plan.missing.get(key) ?? 0;
    if (missing === total) f.issues.push(`Placeholder {{${key}}} cannot be filled for any recipient`);
    else if (missing > 0) f.warnings.push(`Placeholder {{${key}}} is missing for ${missing} recipients; they will be skipped`);
  }
}

function checkRun(deps: EngineDeps, run: Run, f: Findings): void {
  const now = deps.clock.now();
  const r = run.recurrence;
  if (r === null) {
    if (run.scheduled_at === null) f.issues.push(`Run '${run.run_id}' has no scheduled_at`);
    else if (run.scheduled_at < now - deps.config.pickupWindowMs) {
      f.issues.push(`Run '${run.run_id}' is scheduled at ${iso(run.scheduled_at)}, before the pickup window; give it a new scheduled_at`);
    }
    return;
  }
  const check = deps.cron.check(r.cron, r.timezone);
  if (!check.ok) {
    f.issues.push(`Run '${run.run_id}': ${check.issue}`);
    return;
  }
  f.warnings.push(...check.warnings);
  const from = Math.max(r.starts_at ?? now, now);
  const first = deps.cron.nextAfter(r.cron, r.timezone, from - 1);
  if (first === null || (r.ends_at !== null && first > r.ends_at)) {
    f.issues.push(`Run '${run.run_id}' has no occurrence between ${iso(from)} and ${r.ends_at === null ? "its end" : iso(r.ends_at)}`);
  }
}
