import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp } from "../../adapters/http-koa/index.ts";
import { createHarness, type Harness, type HarnessOptions, ukMobiles } from "../support/engine-harness.ts";
import { type CallInit, type CallResult, httpCall } from "../unit/http/http-test-kit.ts";

export { ukMobiles };
export const KEY_A = "key-a";
export const KEY_B = "key-b";
export const WEBHOOK_SECRET = "webhook-secret-for-tests";
export const ADMIN_KEY = "admin-secret";

/** The engine on in-memory stores behind the real HTTP app, in virtual time. */
export interface E2E {
  readonly h: Harness;
  /** A request as workspace `ws_a` (`key-a`) unless `init.key` says otherwise. */
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
  /**
   * Runs `hook` inside each simulated provider call, before the message is handed over (`n` counts calls
   * from 1): the way to pause or cancel while the worker is mid-run. Null removes it.
   */
  beforeSend(hook: ((n: number) => Promise<void>) | null): void;
  close(): Promise<void>;
}

/** Starts the harness's engine behind `createHttpApp` on port 0. */
export async function startE2E(options: HarnessOptions = {}): Promise<E2E> {
  let hook: ((n: number) => Promise<void>) | null = null;
  let sends = 0;
  // The simulator "sleeps" for its latency through our hook: no real time passes.
  const h = await createHarness({
    ...options,
    simulator: { latencyMs: 1, sleep: async () => hook?.(++sends), ...options.simulator },
  });
  const app = createHttpApp({
    service: h.service,
    apiKeys: new Map([[KEY_A, "ws_a"], [KEY_B, "ws_b"]]),
    adminKey: ADMIN_KEY,
    deliveryReportSecret: WEBHOOK_SECRET,
    idempotency: h.stores.idempotency,
    clock: h.clock,
    ids: h.deps.ids,
    logger: h.logger,
    readiness: async () => ({ ready: true, checks: { stores: "ok" } }),
    metrics: async () => "",
    defaultRegion: "GB",
  });
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    h,
    call: (method, path, init = {}) => httpCall(url, method, path, init),
    beforeSend: (next) => {
      hook = next;
    },
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

/** Fails the test unless the call answered `status`; returns `data`. */
export async function expectStatus(res: Promise<CallResult> | CallResult, status: number): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/**
 * A campaign built entirely over HTTP: a group of `phones`, SMS content, one one-shot run at `at`
 * (default now; null for none). Returns the ids.
 */
export async function campaignOverHttp(
  api: E2E,
  phones: readonly string[],
  options: { at?: string | null; key?: string; body?: string } = {},
): Promise<{ campaign_id: string; group_id: string; run_id: string | null }> {
  const key = options.key ?? KEY_A;
  const workspace = key === KEY_A ? "ws_a" : "ws_b";
  const campaign = await expectStatus(api.call("POST", "/v1/campaign", { key, json: { name: "Promo", workspace_id: workspace, message_channel_id: "sms" } }), 201);
  const id = campaign.campaign_id as string;
  const group = await expectStatus(api.call("POST", "/v1/groups", { key, json: { name: "Customers" } }), 201);
  await expectStatus(api.call("POST", `/v1/groups/${group.group_id}/contacts`, {
    key, json: { contacts: phones.map((phone, i) => ({ phone, name: `Person ${i}` })) },
  }), 200);
  await expectStatus(api.call("POST", `/v1/campaign/${id}/audiences`, { key, json: { group_id: group.group_id } }), 200);
  await expectStatus(api.call("PUT", `/v1/campaign/${id}/content/sms`, { key, json: { body: options.body ?? "Hello {{name}}", sender_id: "Kampeni" } }), 200);
  let runId: string | null = null;
  if (options.at !== null) {
    const at = options.at ?? new Date(api.h.clock.now()).toISOString();
    runId = (await expectStatus(api.call("POST", `/v1/campaign/${id}/runs`, { key, json: { scheduled_at: at } }), 201)).run_id;
  }
  return { campaign_id: id, group_id: group.group_id, run_id: runId };
}
