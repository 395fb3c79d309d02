import { pageOf, RecipientViewSchema, ReportViewSchema, RunViewSchema, StatusViewSchema } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import { CampaignIdParam, RecipientsQuery, RunIdParam } from "../schemas.ts";
import { z } from "zod";
import type { RouteDeps } from "./route-deps.ts";

/** Reading progress: status, runs, recipients, report. */
export function observabilityRoutes({ service }: RouteDeps): AnyRoute[] {
  const campaign = { campaign_id: CampaignIdParam };
  const run = { ...campaign, run_id: RunIdParam };
  return [
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id/status", operationId: "campaignStatus", tag: "runs",
      guard: "api-key", summary: "The latest triggered run's progress, or {status: NO_RUN}", params: campaign,
      success: 200, response: StatusViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.status(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id/runs", operationId: "listRuns", tag: "runs", guard: "api-key",
      summary: "Every run of the campaign, oldest first", params: campaign, success: 200,
      response: z.array(RunViewSchema), errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.listRuns(actor, params.campaign_id)),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id/runs/:run_id", operationId: "getRun", tag: "runs",
      guard: "api-key", summary: "One run with its counters (404 if it belongs to another campaign)", params: run,
      success: 200, response: RunViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.getRun(actor, params.campaign_id, params.run_id)),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id/runs/:run_id/recipients", operationId: "listRecipients",
      tag: "runs", guard: "api-key", summary: "The run's recipients and their message status, with a cursor",
      params: run, query: RecipientsQuery, success: 200, response: pageOf(RecipientViewSchema),
      errors: [400, 403, 404],
      handle: async ({ actor, params, query }) =>
        answer(await service.listRecipients(actor, params.campaign_id, params.run_id, {
          status: query.status ?? null, cursor: query.cursor ?? null, limit: query.limit,
        })),
    }),
    defineRoute({
      method: "GET", path: "/v1/campaign/:campaign_id/report", operationId: "campaignReport", tag: "runs",
      guard: "api-key", summary: "Per-run totals, delivery rate and units reserved/consumed/refunded",
      params: campaign, success: 200, response: ReportViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.report(actor, params.campaign_id)),
    }),
  ];
}
