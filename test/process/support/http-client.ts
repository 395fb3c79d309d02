import { API_KEY } from "./scratch.ts";

/** The API of a running app, as a client sees it (the flow of `scripts/demo.ts`). */
export interface ApiClient {
  /** Calls the API and returns the envelope's `data`; throws with the errors unless it succeeded. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A client of the app listening on 127.0.0.1:`port`, authenticated with `key`. */
export function apiClient(port: number, key = API_KEY): ApiClient {
  const base = `http://127.0.0.1:${port}`;
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { "X-API-Key": key, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const envelope = (await response.json()) as { success: boolean; data: T; errors: unknown };
      if (!envelope.success) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(envelope.errors)}`);
      return envelope.data;
    },
  };
}

/** What `GET /v1/campaign/:id/status` answers while a run exists. */
export interface RunStatus {
  readonly run_id: string;
  readonly status: string;
  readonly recipient_count: number;
  readonly sent: number;
  readonly delivered: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pending: number;
}

/**
 * A campaign built and launched over HTTP: a group of `phones` imported as JSON, SMS content, one run scheduled
 * now, launched. Returns the ids and the recipient count the launch fixed.
 */
export async function launchOverHttp(api: ApiClient, phones: readonly string[]): Promise<{ campaign_id: string; run_id: string; recipient_count: number }> {
  const { workspace_id } = await api.call<{ workspace_id: string }>("GET", "/v1/balance");
  const campaign = await api.call<{ campaign_id: string }>("POST", "/v1/campaign", { name: "Process test", workspace_id, message_channel_id: "sms" });
  const id = campaign.campaign_id;
  const group = await api.call<{ group_id: string }>("POST", "/v1/groups", { name: "Process test audience" });
  await api.call("POST", `/v1/groups/${group.group_id}/contacts?region=GB`, { contacts: phones.map((phone, i) => ({ phone, name: `Person ${i}` })) });
  await api.call("POST", `/v1/campaign/${id}/audiences`, { group_id: group.group_id });
  await api.call("PUT", `/v1/campaign/${id}/content/sms`, { body: "Hello {{name}}", sender_id: "Kampeni" });
  await api.call("POST", `/v1/campaign/${id}/runs`, { scheduled_at: new Date().toISOString() });
  const launched = await api.call<{ run_id: string; recipient_count: number }>("POST", `/v1/campaign/${id}/launch`, {});
  return { campaign_id: id, run_id: launched.run_id, recipient_count: launched.recipient_count };
}
