import { parseCsvContacts } from "../csv-contacts.ts";
import { accept, problem, reject } from "../errors.ts";
import { GroupViewSchema, ImportReportSchema, SuppressReportSchema } from "../response-schemas.ts";
import { answer, type AnyRoute, defineRoute } from "../route-def.ts";
import { CreateGroupBody, GroupIdParam, ImportContactsBody, RegionQuery, SuppressBody } from "../schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Contact groups (the audience source), contact imports in JSON or CSV, and opt-outs. */
export function groupRoutes({ service, defaultRegion }: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "POST", path: "/v1/groups", operationId: "createGroup", tag: "audiences", guard: "api-key",
      summary: "Create a contact group", body: CreateGroupBody, success: 201, response: GroupViewSchema,
      errors: [400, 409],
      handle: async ({ actor, body }) => answer(await service.createGroup(actor, body), 201),
    }),
    defineRoute({
      method: "GET", path: "/v1/groups/:group_id", operationId: "getGroup", tag: "audiences", guard: "api-key",
      summary: "Read a group with its contact count", params: { group_id: GroupIdParam }, success: 200,
      response: GroupViewSchema, errors: [403, 404],
      handle: async ({ actor, params }) => answer(await service.getGroup(actor, params.group_id)),
    }),
    defineRoute({
      method: "POST", path: "/v1/groups/:group_id/contacts", operationId: "importContacts", tag: "audiences",
      guard: "api-key",
      summary: "Import up to 100,000 contacts as JSON or text/csv (header row: phone,name,...); invalid rows " +
        "are reported by row and not stored; ?region= is the default country for numbers without one",
      params: { group_id: GroupIdParam }, query: RegionQuery, body: ImportContactsBody, bodyLimit: "import",
      csv: (text) => {
        const parsed = parseCsvContacts(text);
        return parsed.ok
          ? accept({ contacts: [...parsed.value] })
          : reject(problem("VALIDATION_FAILED", `CSV ${parsed.error.message}`, "body"));
      },
      success: 200, response: ImportReportSchema, errors: [400, 403, 404, 409, 413, 415],
      handle: async ({ actor, params, query, body }) =>
        answer(await service.importContacts(actor, params.group_id, body.contacts, { region: query.region ?? defaultRegion })),
    }),
    defineRoute({
      method: "POST", path: "/v1/suppressions", operationId: "suppress", tag: "audiences", guard: "api-key",
      summary: "Opt numbers out of every campaign of the workspace", query: RegionQuery, body: SuppressBody,
      bodyLimit: "import", success: 200, response: SuppressReportSchema, errors: [400, 409, 413],
      handle: async ({ actor, query, body }) =>
        answer(await service.suppress(actor, body.phones, { region: query.region ?? defaultRegion })),
    }),
  ];
}
