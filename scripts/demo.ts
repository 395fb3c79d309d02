/**
 * `npm run demo`: takes the demo contact list through the whole lifecycle against a running server
 * (`npm start` in another terminal): create, import, attach, content, run, validate, launch, completion.
 *
 * KAMPENI_URL (default http://127.0.0.1:3000), KAMPENI_API_KEY (default: the dev key file of `npm start`),
 * DEMO_CSV (default ../shared/data/contacts-uk-fiction-2552.csv).
 */
import { readFileSync } from "node:fs";

const base = (process.env.KAMPENI_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const key = process.env.KAMPENI_API_KEY ?? readKeyFile();
const csvPath = process.env.DEMO_CSV ?? "../shared/data/contacts-uk-fiction-2552.csv";

function readKeyFile(): string {
  const file = process.env.DEV_KEY_FILE ?? "data/dev-api-key";
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    fail(`no API key: set KAMPENI_API_KEY or start the server first (npm start writes ${file})`);
  }
}

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

interface Envelope<T> {
  success: boolean;
  data: T;
  errors: { code: string; message: string; field: string | null }[] | null;
  request_id: string;
}

async function call<T>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { "X-API-Key": key, ...(body === undefined ? {} : { "Content-Type": contentType }) },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  } catch {
    fail(`cannot reach ${base}: is the server running (npm start)?`);
  }
  const envelope = (await response.json()) as Envelope<T>;
  if (!envelope.success) fail(`${method} ${path} -> ${response.status} ${JSON.stringify(envelope.errors)} ${JSON.stringify(envelope.data)}`);
  return envelope.data;
}

const step = (text: string) => process.stdout.write(`\n> ${text}\n`);
const show = (text: string) => process.stdout.write(`  ${text}\n`);

const { workspace_id } = await call<{ workspace_id: string; balance: number }>("GET", "/v1/balance");
step("create a campaign");
const campaign = await call<{ campaign_id: string }>("POST", "/v1/campaign", { name: "Demo: UK fiction list", workspace_id, message_channel_id: "sms" });
show(`campaign ${campaign.campaign_id} (draft)`);

step(`import ${csvPath} as CSV (default region GB)`);
const group = await call<{ group_id: string }>("POST", "/v1/groups", { name: "UK fiction contacts" });
const report = await call<{ received: number; imported: number; duplicates: number; rejected: { row: number; phone: string; reason: string }[]; contact_count: number }>(
  "POST",
  `/v1/groups/${group.group_id}/contacts?region=GB`,
  readFileSync(csvPath, "utf8"),
  "text/csv",
);
show(`${report.received} rows: ${report.contact_count} contacts stored, ${report.rejected.length} rows rejected, ${report.duplicates} duplicates merged`);
for (const r of report.rejected) show(`  row ${r.row}: '${r.phone}' (${r.reason})`);

step("attach the group, set the SMS content, add a run scheduled now");
await call("POST", `/v1/campaign/${campaign.campaign_id}/audiences`, { group_id: group.group_id });
await call("PUT", `/v1/campaign/${campaign.campaign_id}/content/sms`, {
  body: "Habari {{name}}! As a {{tier}} member you get 20% off this week. Reply STOP to opt out.",
  sender_id: "Kampeni",
});
const run = await call<{ run_id: string }>("POST", `/v1/campaign/${campaign.campaign_id}/runs`, { scheduled_at: new Date().toISOString() });
show(`run ${run.run_id} (ready)`);

step("validate");
const validation = await call<{ valid: boolean; issues: string[]; warnings: string[]; estimated_cost: Record<string, number> }>("POST", `/v1/campaign/${campaign.campaign_id}/validate`);
show(`valid: ${validation.valid}; estimated cost: ${JSON.stringify(validation.estimated_cost)} (SMS parts, not money)`);
for (const w of validation.warnings) show(`  warning: ${w}`);
if (!validation.valid) fail(`validation failed: ${validation.issues.join("; ")}`);

step("launch");
const launched = await call<{ run_id: string; status: string; recipient_count: number }>("POST", `/v1/campaign/${campaign.campaign_id}/launch`, {});
show(`run ${launched.run_id} ${launched.status} with ${launched.recipient_count} recipients`);

step("progress");
const started = Date.now();
let last = "";
for (;;) {
  const s = await call<{ status: string; current_batch: number; total_batches: number; recipient_count: number; sent: number; failed: number; skipped: number; delivered: number; pending: number }>(
    "GET",
    `/v1/campaign/${campaign.campaign_id}/status`,
  );
  const line = `${s.status.padEnd(9)} batch ${s.current_batch}/${s.total_batches}  sent ${s.sent}  delivered ${s.delivered}  failed ${s.failed}  skipped ${s.skipped}  pending ${s.pending}  of ${s.recipient_count}`;
  if (line !== last) show(line);
  last = line;
  if (["completed", "failed", "cancelled"].includes(s.status)) break;
  if (Date.now() - started > 120_000) fail("the run did not finish within 2 minutes");
  await new Promise((resolve) => setTimeout(resolve, 250));
}

step("delivery reports (the simulator confirms each accepted message after SIMULATOR_DLR_DELAY_MS)");
for (let i = 0; i < 40; i++) {
  const s = await call<{ sent: number; delivered: number }>("GET", `/v1/campaign/${campaign.campaign_id}/status`);
  if (s.delivered >= s.sent || i === 39) {
    show(`delivered ${s.delivered} of ${s.sent} sent`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

step("report");
const final = await call<{ status: string; totals: { recipient_count: number; sent: number; delivered: number; units: { reserved: number; consumed: number; refunded: number } } }>(
  "GET",
  `/v1/campaign/${campaign.campaign_id}/report`,
);
show(`campaign ${final.status}: ${final.totals.sent} of ${final.totals.recipient_count} sent, ${final.totals.delivered} delivered`);
show(`units reserved ${final.totals.units.reserved}, consumed ${final.totals.units.consumed}, refunded ${final.totals.units.refunded}`);
