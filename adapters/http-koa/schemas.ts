import { z } from "zod";
import { CHANNELS } from "../../core/domain/model.ts";

// Request schemas: the single source of validation and of the OpenAPI document. Objects are strict
// (an unknown field is a 400 naming it); times need an offset and become epoch ms for the service.

/** Largest contact import per call (SPEC §2). */
export const MAX_IMPORT_ROWS = 100_000;

const idOf = (prefix: string, name: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`), `${name} must look like ${prefix}_<ULID>`);

/** Path parameters; a malformed id cannot exist, so the edge answers 404 for it. */
export const CampaignIdParam = idOf("camp", "campaign_id");
/** A `run_…` id. */
export const RunIdParam = idOf("run", "run_id");
/** A `grp_…` id (in paths, and in the attach body). */
export const GroupIdParam = idOf("grp", "group_id");

/** ISO-8601 with an offset or `Z` (SPEC §1: no silent local time), converted to epoch milliseconds. */
export const Instant = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 time with an offset or Z, e.g. 2026-05-12T14:00:00Z" })
  .transform((s) => Date.parse(s));

/** A message channel: `sms`, `voice` or `whatsapp`. */
export const Channel = z.enum(CHANNELS);
const Region = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "region must be an ISO 3166 alpha-2 code")
  .transform((s) => s.toUpperCase());

/** Cursor pagination: `limit` 1..1000, default 50. */
export const PageQuery = z.strictObject({
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
/** `?region=GB`: the default country of numbers written without one. */
export const RegionQuery = z.strictObject({ region: Region.optional() });
/** Recipient listing: pagination plus a message-status filter. */
export const RecipientsQuery = PageQuery.extend({
  status: z.enum(["PENDING", "QUEUED", "SENT", "DELIVERED", "FAILED", "SKIPPED"]).optional(),
});
/** Routes without query parameters refuse any (like unknown body fields). */
export const NoQuery = z.strictObject({});

/** Bodies of POST actions that take no input (an empty body is read as `{}`). */
export const EmptyBody = z.strictObject({});

/** `POST /v1/campaign`. */
export const CreateCampaignBody = z.strictObject({
  name: z.string().min(1).max(255),
  workspace_id: z.string().min(1).max(128),
  message_channel_id: Channel.nullish(),
  description: z.string().max(2000).nullish(),
});

/** `PATCH /v1/campaign/{id}`: any subset of the editable fields. */
export const PatchCampaignBody = z.strictObject({
  name: z.string().min(1).max(255).optional(),
  description: z.string().max(2000).nullable().optional(),
  message_channel_id: Channel.nullable().optional(),
});

/** `POST /v1/groups`. */
export const CreateGroupBody = z.strictObject({ name: z.string().min(1).max(255) });

/** One contact of a JSON import. */
export const ContactRow = z.strictObject({
  phone: z.string().min(1).max(64),
  name: z.string().max(255).nullish(),
  attributes: z.record(z.string().min(1).max(64), z.string().max(1000)).optional(),
});
/** `POST /v1/groups/{id}/contacts` as JSON. */
export const ImportContactsBody = z.strictObject({ contacts: z.array(ContactRow).min(1).max(MAX_IMPORT_ROWS) });

/** `POST /v1/suppressions`. */
export const SuppressBody = z.strictObject({
  phones: z.array(z.string().min(1).max(64)).min(1).max(MAX_IMPORT_ROWS),
});

/** `POST /v1/campaign/{id}/audiences`. */
export const AttachAudienceBody = z.strictObject({ group_id: GroupIdParam });

/** Content is stored as given; an empty body or a bad sender id is a validation issue at validate time. */
export const PutContentBody = z.strictObject({
  body: z.string().max(10_000),
  sender_id: z.string().max(64),
});

/** A one-shot run, optionally dated. */
export const OneShotRunBody = z.strictObject({ scheduled_at: Instant.nullish() });
/** A recurring run template: 5-field cron in an IANA time zone. */
export const RecurringRunBody = z.strictObject({
  cron: z.string().min(1).max(255),
  timezone: z.string().min(1).max(64),
  starts_at: Instant.nullish(),
  ends_at: Instant.nullish(),
  max_occurrences: z.number().int().min(1).nullish(),
});
/** A run is one-shot or recurring; which one is decided by the presence of `cron`/`timezone`. */
export const CreateRunBody = z.union([OneShotRunBody, RecurringRunBody]);

/**
 * `PATCH …/runs/{run_id}`: re-times a run that has not started. Every field is optional and an omitted
 * one keeps its value; which fields fit which run (one-shot or template) is the service's answer.
 */
export const PatchRunBody = z.strictObject({
  scheduled_at: Instant.nullable().optional(),
  cron: z.string().min(1).max(255).optional(),
  timezone: z.string().min(1).max(64).optional(),
  starts_at: Instant.nullable().optional(),
  ends_at: Instant.nullable().optional(),
  max_occurrences: z.number().int().min(1).nullable().optional(),
});

/** `POST …/launch`: an optional run to trigger. */
export const LaunchBody = z.strictObject({ run_id: z.string().min(1).max(100).nullish() });

/** Operator credit: positive units, once per `key`. */
export const CreditBody = z.strictObject({
  units: z.number().int().min(1).max(1_000_000_000),
  key: z.string().min(1).max(255),
});
/** A workspace id in the operator path. */
export const WorkspaceIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "workspace_id is malformed");

/** A provider delivery report. */
export const DeliveryReportBody = z.strictObject({
  provider_message_id: z.string().min(1).max(255),
  status: z.enum(["DELIVERED", "FAILED"]),
});
/** The provider name in the webhook path. */
export const ProviderParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "provider is malformed");
