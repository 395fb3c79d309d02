import { CampaignIdParam, CreateCampaignBody, PageQuery, PatchCampaignBody } from "../schemas.ts";
import { CampaignViewSchema, pageOf } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Campaign CRUD: create (201, draft), list with a cursor, read, patch. */
export function campaignRoutes({ service }: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "POST", path: "/v1/campaign", operationId: "createCampaign", tag: "campaigns", guard: "api-key",
      summary: "Create a campaign (status draft); workspace_id must be the key's own workspace",
      body: CreateCampaignBody, success: 201, response: CampaignViewSchema, errors: [400, 403, 409],
      handle: async ({ actor, body }) => answer(await service.createCampaign(actor, body), 201),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign", operationId: "listCampaigns", tag: "campaigns", guard: "api-key",
      summary: "List the workspace's campaigns, oldest first, with cursor pagination",
      query: PageQuery, success: 200, response: pageOf(CampaignViewSchema), errors: [400],
      handle: async ({ actor, query }) =>
        answer(await service.listCampaigns(actor, { cursor: query.cursor ?? null, limit: query.limit })),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id", operationId: "getCampaign", tag: "campaigns",
      guard: "api-key", summary: "Read a campaign", params: { campaign_id: CampaignIdParam },
      success: 200, response: CampaignViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.getCampaign(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "PATCH", path: "/v1/campaign/:campaign_id", operationId: "patchCampaign", tag: "campaigns",
      guard: "api-key", summary: "Change name, description or channel (409 once cancelled)",
      params: { campaign_id: CampaignIdParam }, body: PatchCampaignBody, success: 200,
      response: CampaignViewSchema, errors: [400, 403, 404, 409],
      handle: async ({ actor, params, body }) => answer(await service.patchCampaign(actor, params.campaign_id, body)),
    }),
  ];
}
