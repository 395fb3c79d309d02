import { BalanceSchema, CreditResultSchema, DeliveryOutcomeSchema } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import { CreditBody, DeliveryReportBody, ProviderParam, WorkspaceIdParam } from "../schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Units (balance, operator credit) and the provider's delivery-report webhook. */
export function billingRoutes({ service, workspaces }: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "GET", path: "/v1/balance", operationId: "getBalance", tag: "billing", guard: "api-key",
      summary: "The workspace's unit balance", success: 200, response: BalanceSchema, errors: [],
      handle: async ({ actor }) => answer(await service.balance(actor)),
    }),
    defineRoute({
      method: "POST", path: "/v1/admin/workspaces/:workspace_id/credit", operationId: "creditWorkspace",
      tag: "operator", guard: "admin",
      summary: "Operator: add units to a workspace, once per key (X-Admin-Key; 404 when no admin key is configured)",
      params: { workspace_id: WorkspaceIdParam }, body: CreditBody, success: 200, response: CreditResultSchema,
      errors: [400, 404, 409],
      handle: async ({ params, body }) =>
        answer(
          workspaces.has(params.workspace_id)
            ? await service.credit(params.workspace_id, body.units, body.key)
            : { ok: false, error: { kind: "not_found", message: `Workspace '${params.workspace_id}' has no API key`, field: "workspace_id" } },
        ),
    }),
    defineRoute({
      method: "POST", path: "/v1/delivery-reports/:provider", operationId: "deliveryReport", tag: "provider",
      guard: "provider",
      summary: "Provider webhook: a delivery report (X-Webhook-Secret; 404 when no secret is configured)",
      params: { provider: ProviderParam }, body: DeliveryReportBody, success: 200, response: DeliveryOutcomeSchema,
      errors: [400, 404],
      handle: async ({ params, body }) => answer(await service.deliveryReport(params.provider, body)),
    }),
  ];
}
