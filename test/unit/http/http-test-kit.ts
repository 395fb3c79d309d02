import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ok, type Result } from "../../../core/domain/result.ts";
import type {
  CampaignService, CampaignView, ControlView, GroupView, LaunchView, RunView, ValidationView,
} from "../../../core/service.types.ts";
import { ManualClock } from "../../../adapters/in-memory/manual-clock.ts";
import { MemoryIdempotencyStore } from "../../../adapters/in-memory/memory-idempotency-store.ts";
import { RecordingLogger } from "../../../adapters/in-memory/recording-logger.ts";
import { UlidIdGenerator } from "../../../adapters/in-memory/ulid-id-generator.ts";
import { createHttpApp, type HttpAppOptions } from "../../../adapters/http-koa/index.ts";

export const KEY_A = "key-a";
export const KEY_B = "key-b";
export const WS_A = "ws_A";
export const WS_B = "ws_B";
export const ADMIN_KEY = "admin-secret";
export const CAMP = "camp_01J00000000000000000000000";
export const RUN = "run_01J00000000000000000000000";
export const GRP = "grp_01J00000000000000000000000";

/** A call the fake service received. */
export interface Call {
  readonly method: keyof CampaignService;
  readonly args: readonly unknown[];
}

const T = "2026-01-01T00:00:00.000Z";
export const campaignView = (over: Partial<CampaignView> = {}): CampaignView => ({
  campaign_id: CAMP, workspace_id: WS_A, name: "Spring", description: null, message_channel_id: "sms",
  status: "draft", audiences: [], content: {}, launched_at: null, cancelled_at: null, created_at: T, updated_at: T,
  ...over,
});
const groupView: GroupView = { group_id: GRP, name: "VIP", contact_count: 0, created_at: T };
const runView: RunView = {
  run_id: RUN, campaign_id: CAMP, status: "ready", scheduled_at: null, recurrence: null, recurrence_index: null,
  parent_run_id: null, retry_of_run_id: null, current_batch: 0, total_batches: 0, failure_reason: null,
  created_at: T, updated_at: T, recipient_count: 0, sent: 0, failed: 0, skipped: 0, delivered: 0, pending: 0,
};
const validation: ValidationView = { valid: true, issues: [], warnings: [], estimated_cost: { SMS: 3 } };
const launch: LaunchView = { run_id: RUN, campaign_id: CAMP, status: "scheduled", scheduled_at: T, recipient_count: 3 };
const control = (action: ControlView["action"]): ControlView => ({ campaign_id: CAMP, action, status: "paused" });

/**
 * A hand-written `CampaignService`: every method records its call and answers a plausible success,
 * unless the test overrides it.
 */
export function fakeService(overrides: Partial<CampaignService> = {}): { service: CampaignService; calls: Call[] } {
  const calls: Call[] = [];
  const defaults: CampaignService = {
    createCampaign: async () => ok(campaignView()),
    getCampaign: async () => ok(campaignView()),
    listCampaigns: async () => ok({ items: [campaignView()], next_cursor: null }),
    patchCampaign: async () => ok(campaignView()),
    createGroup: async () => ok(groupView),
    getGroup: async () => ok(groupView),
    importContacts: async (_a, groupId, rows) =>
      ok({ group_id: groupId, received: rows.length, imported: rows.length, updated: 0, duplicates: 0, rejected: [], contact_count: rows.length }),
    suppress: async (_a, phones) => ok({ suppressed: phones.length, rejected: [] }),
    attachAudience: async () => ok(campaignView({ audiences: [GRP] })),
    detachAudience: async () => ok(campaignView()),
    putContent: async () => ok(campaignView()),
    createRun: async () => ok(runView),
    patchRun: async () => ok(runView),
    validate: async () => ok(validation),
    launch: async () => ok(launch),
    pause: async () => ok(control("paused")),
    resume: async () => ok(control("resumed")),
    cancel: async () => ok({ ...control("cancelled"), status: "cancelled", runs_cancelled: 1 }),
    retry: async () => ok({ ...launch, retry_of_run_id: RUN }),
    status: async () => ok({ status: "NO_RUN", campaign_id: CAMP }),
    listRuns: async () => ok([runView]),
    getRun: async () => ok(runView),
    listRecipients: async () => ok({ items: [], next_cursor: null }),
    report: async () => ok({
      campaign_id: CAMP, status: "draft", runs: [],
      totals: { recipient_count: 0, sent: 0, failed: 0, skipped: 0, delivered: 0, pending: 0, delivery_rate: 0, units: { reserved: 0, consumed: 0, refunded: 0 } },
    }),
    deliveryReport: async () => ok({ outcome: "applied" }),
    balance: async (a) => ok({ workspace_id: a.workspace_id, balance: 10 }),
    credit: async (ws, units) => ok({ workspace_id: ws, balance: units, applied: true }),
  };
  const service = {} as Record<string, (...args: unknown[]) => Promise<Result<unknown>>>;
  for (const name of Object.keys(defaults) as (keyof CampaignService)[]) {
    const impl = (overrides[name] ?? defaults[name]) as (...args: unknown[]) => Promise<Result<unknown>>;
    service[name] = (...args: unknown[]) => {
      calls.push({ method: name, args });
      return impl(...args);
    };
  }
  return { service: service as unknown as CampaignService, calls };
}

/** A running app on port 0 with in-memory collaborators the test can inspect. */
export interface TestServer {
  readonly url: string;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly idempotency: MemoryIdempotencyStore;
  /** `fetch` against the server with the JSON helpers tests need. */
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallInit {
  readonly key?: string | null;
  readonly json?: unknown;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, or the text when not JSON. */
  readonly body: any;
}

/** Starts `createHttpApp` over `service` with test defaults; `options` overrides any of them. */
export async function startServer(service: CampaignService, options: Partial<HttpAppOptions> = {}): Promise<TestServer> {
  const clock = new ManualClock("2026-01-01T00:00:00.000Z");
  const logger = new RecordingLogger();
  const idempotency = new MemoryIdempotencyStore();
  const app = createHttpApp({
    service,
    apiKeys: new Map([[KEY_A, WS_A], [KEY_B, WS_B]]),
    adminKey: ADMIN_KEY,
    idempotency,
    clock,
    ids: new UlidIdGenerator(clock),
    logger,
    readiness: async () => ({ ready: true, checks: { store: "ok" } }),
    metrics: async () => "# TYPE kampeni_up gauge\nkampeni_up 1\n",
    defaultRegion: "TZ",
    ...options,
  });
  const handle = app.callback();
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, clock, logger, idempotency,
    call: (method, path, init = {}) => httpCall(url, method, path, init),
    // Idempotent, so an afterEach may close a server its test already closed.
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

/** One request with `fetch`: `key` is the X-API-Key (default {@link KEY_A}, null for none), `json` a JSON body. */
export async function httpCall(url: string, method: string, path: string, init: CallInit): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers["X-API-Key"] = init.key ?? KEY_A;
  let body: string | Uint8Array | undefined = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(url + path, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // not JSON (metrics): keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
