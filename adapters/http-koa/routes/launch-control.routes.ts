import { ControlViewSchema, LaunchViewSchema, ValidationViewSchema } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import { CampaignIdParam, EmptyBody, LaunchBody, RunIdParam } from "../schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

/** The seed's endpoints: validate, launch, pause, resume, cancel, retry. */
export function launchControlRoutes({ service }: RouteDeps): AnyRoute[] {
  const campaign = { campaign_id: CampaignIdParam };
  return [
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/validate", operationId: "validateCampaign", tag: "launch",
      guard: "api-key",
      summary: "Pre-flight check; always 200 with data.valid and data.issues (branch on data.valid)",
      params: campaign, body: EmptyBody, success: 200, response: ValidationViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.validate(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/launch", operationId: "launchCampaign", tag: "launch",
      guard: "api-key",
      summary: "Validate and trigger the earliest ready run (or run_id). 409 with data = validation result " +
        "when invalid; 409 when the run is terminal; 400 when no run is ready",
      params: campaign, body: LaunchBody, success: 200, response: LaunchViewSchema, errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) =>
        answer(await service.launch(actor, params.campaign_id, { run_id: body.run_id ?? null })),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/pause", operationId: "pauseCampaign", tag: "launch",
      guard: "api-key", summary: "Pause in-flight runs after the current batch (idempotent)",
      params: campaign, body: EmptyBody, success: 200, response: ControlViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.pause(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/resume", operationId: "resumeCampaign", tag: "launch",
      guard: "api-key", summary: "Resume paused runs now (go-now); 409 once cancelled",
      params: campaign, body: EmptyBody, success: 200, response: ControlViewSchema, errors: [403, 404, 409],
      handle: async ({ actor, params }) => answer(await service.resume(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/cancel", operationId: "cancelCampaign", tag: "launch",
      guard: "api-key", summary: "Cancel for ever, refunding unsent reservations; data.runs_cancelled counts runs",
      params: campaign, body: EmptyBody, success: 200, response: ControlViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.cancel(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "POST", path: "/v1/campaign/:campaign_id/runs/:run_id/retry", operationId: "retryRun", tag: "launch",
      guard: "api-key",
      summary: "Rerun a failed or cancelled run on recipients not yet SENT or DELIVERED (a new run)",
      params: { ...campaign, run_id: RunIdParam }, body: EmptyBody, success: 200, response: LaunchViewSchema,
      errors: [400, 403, 404],
      handle: async ({ actor, params }) => answer(await service.retry(actor, params.campaign_id, params.run_id)),
    }),
  ];
}
