import type { z } from "zod";
import { accept, type Checked, problem, reject } from "../errors.ts";
import { CampaignViewSchema, RunViewSchema } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import {
  AttachAudienceBody, CampaignIdParam, Channel, CreateRunBody, GroupIdParam, OneShotRunBody, PatchRunBody,
  PutContentBody, RecurringRunBody, RunIdParam,
} from "../schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Putting a campaign together before launch: audiences, content per channel, runs and their timing. */
export function buildingRoutes({ service }: RouteDeps): AnyRoute[] {
  const campaign = { campaign_id: CampaignIdParam };
  return [
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/audiences", operationId: "attachAudience", tag: "campaigns",
      guard: "api-key", summary: "Attach a contact group to the campaign", params: campaign,
      body: AttachAudienceBody, success: 200, response: CampaignViewSchema, errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) =>
        answer(await service.attachAudience(actor, params.campaign_id, body.group_id)),
    }),
    defineRoute({
      method: "DELETE", path: "/v1/campaign/:campaign_id/audiences/:group_id", operationId: "detachAudience",
      tag: "campaigns", guard: "api-key", summary: "Detach a contact group",
      params: { ...campaign, group_id: GroupIdParam }, success: 200, response: CampaignViewSchema,
      errors: [403, 404, 409],
      handle: async ({ actor, params }) =>
        answer(await service.detachAudience(actor, params.campaign_id, params.group_id)),
    }),
    defineRoute({
      method: "PUT", path: "/v1/campaign/:campaign_id/content/:channel", operationId: "putContent", tag: "campaigns",
      guard: "api-key",
      summary: "Set the content row of a channel (sms, voice, whatsapp); {{attribute}} placeholders allowed",
      params: { ...campaign, channel: Channel }, body: PutContentBody, success: 200, response: CampaignViewSchema,
      errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) =>
        answer(await service.putContent(actor, params.campaign_id, params.channel, body)),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/runs", operationId: "createRun", tag: "runs",
      guard: "api-key",
      summary: "Create a run in status ready: one-shot {scheduled_at?} or recurring {cron, timezone, ...}",
      params: campaign, body: CreateRunBody, pickBody: pickRunBody, success: 201, response: RunViewSchema,
      errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) => answer(await service.createRun(actor, params.campaign_id, body), 201),
    }),
    defineRoute({
      method: "PATCH", path: "/v1/campaign/:campaign_id/runs/:run_id", operationId: "patchRun", tag: "runs",
      guard: "api-key",
      summary: "Re-time a run that has not started (e.g. restore a schedule after go-now resume); " +
        "omitted fields keep their value; 409 once it started or the campaign is cancelled",
      params: { ...campaign, run_id: RunIdParam }, body: PatchRunBody, success: 200, response: RunViewSchema,
      errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) =>
        answer(await service.patchRun(actor, params.campaign_id, params.run_id, body)),
    }),
  ];
}

/** One shape or the other, never a mix: a `cron` with a `scheduled_at` is ambiguous, so it is refused. */
function pickRunBody(raw: unknown): Checked<z.ZodType> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return accept(OneShotRunBody);
  const recurring = "cron" in raw || "timezone" in raw;
  if (recurring && "scheduled_at" in raw) {
    return reject(problem(
      "VALIDATION_FAILED",
      "A run is one-shot (scheduled_at) or recurring (cron, timezone, starts_at, ...), not both",
      "scheduled_at",
    ));
  }
  return accept(recurring ? RecurringRunBody : OneShotRunBody);
}
