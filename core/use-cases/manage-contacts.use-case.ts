import type { Contact } from "../domain/model.ts";
import { invalid, ok, type Result } from "../domain/result.ts";
import type { EngineDeps } from "../deps.ts";
import type { Actor, ContactInput, GroupView, ImportReport, RejectedRow } from "../service.types.ts";
import { loadGroup } from "./access.ts";
import { groupView } from "./views.ts";

export const MAX_IMPORT_ROWS = 100_000;
const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_NAME = 255;
const MAX_ATTRIBUTE_VALUE = 1000;
const MAX_ATTRIBUTES = 50;

/** Limits that hold whatever the import format, so a rendered message stays a message. */
function contactProblem(input: ContactInput): string | null {
  if (input.phone.length > 64) return "phone is longer than 64 characters";
  if ((input.name ?? "").length > MAX_NAME) return `name is longer than ${MAX_NAME} characters`;
  const entries = Object.entries(input.attributes ?? {});
  if (entries.length > MAX_ATTRIBUTES) return `more than ${MAX_ATTRIBUTES} attributes`;
  for (const [key, value] of entries) {
    if (!ATTRIBUTE_KEY.test(key) || key === "__proto__" || key === "constructor" || key === "prototype") {
      return `attribute name '${key.slice(0, 64)}' is not allowed`;
    }
    if (typeof value !== "string" || value.length > MAX_ATTRIBUTE_VALUE) return `attribute '${key}' is longer than ${MAX_ATTRIBUTE_VALUE} characters`;
  }
  return null;
}

/** Contact groups (the audience source), imports and opt-outs. */
export class ManageContacts {
  constructor(private readonly deps: EngineDeps) {}

  async createGroup(actor: Actor, input: { name: string }): Promise<Result<GroupView>> {
    const name = input.name.trim();
    if (name.length < 1 || input.name.length > 255) return invalid("name must be 1 to 255 characters", "name");
    const group = { group_id: this.deps.ids.next("grp"), workspace_id: actor.workspace_id, name, created_at: this.deps.clock.now() };
    await this.deps.groups.insertGroup(group);
    return ok(groupView(group, 0));
  }

  async getGroup(actor: Actor, groupId: string): Promise<Result<GroupView>> {
    const group = await loadGroup(this.deps, actor, groupId);
    if (!group.ok) return group;
    return ok(groupView(group.value, await this.deps.groups.countContacts(groupId)));
  }

  /**
   * Normalises every row to E.164; invalid rows are reported by row number and not stored; repeats of a
   * number within the call are merged (the last row wins). All valid rows are stored in one write.
   */
  async importContacts(
    actor: Actor,
    groupId: string,
    rows: readonly ContactInput[],
    options: { region?: string } = {},
  ): Promise<Result<ImportReport>> {
    const group = await loadGroup(this.deps, actor, groupId);
    if (!group.ok) return group;
    if (rows.length > MAX_IMPORT_ROWS) return invalid(`At most ${MAX_IMPORT_ROWS} contacts per call`, "contacts");
    const region = (options.region ?? this.deps.config.defaultRegion).toUpperCase();
    if (!this.deps.phones.isRegion(region)) return invalid(`Unknown region '${options.region}'`, "region");

    const accepted = new Map<string, Contact>();
    const rejected: RejectedRow[] = [];
    let duplicates = 0;
    rows.forEach((input, index) => {
      const row = input.row ?? index + 1;
      const problem = contactProblem(input);
      if (problem !== null) {
        rejected.push({ row, phone: input.phone.slice(0, 64), reason: problem });
        return;
      }
      const phone = this.deps.phones.normalize(input.phone, region);
      if (!phone.ok) {
        rejected.push({ row, phone: input.phone, reason: phone.reason });
        return;
      }
      if (accepted.has(phone.e164)) duplicates++;
      accepted.set(phone.e164, {
        phone: phone.e164,
        name: input.name?.trim() ? input.name.trim() : null,
        attributes: { ...input.attributes },
        region: phone.region,
        number_type: phone.number_type,
      });
    });
    const outcome = await this.deps.groups.upsertContacts(groupId, [...accepted.values()]);
    return ok({
      group_id: groupId,
      received: rows.length,
      imported: outcome.inserted,
      updated: outcome.updated,
      duplicates,
      rejected,
      contact_count: await this.deps.groups.countContacts(groupId),
    });
  }

  /** Opt-outs: suppressed numbers are never sent to, in any campaign of the workspace, from the next batch on. */
  async suppress(
    actor: Actor,
    phones: readonly string[],
    options: { region?: string } = {},
  ): Promise<Result<{ suppressed: number; rejected: readonly RejectedRow[] }>> {
    if (phones.length > MAX_IMPORT_ROWS) return invalid(`At most ${MAX_IMPORT_ROWS} numbers per call`, "phones");
    const region = (options.region ?? this.deps.config.defaultRegion).toUpperCase();
    if (!this.deps.phones.isRegion(region)) return invalid(`Unknown region '${options.region}'`, "region");
    const valid: string[] = [];
    const rejected: RejectedRow[] = [];
    phones.forEach((raw, i) => {
      const phone = this.deps.phones.normalize(raw, region);
      if (phone.ok) valid.push(phone.e164);
      else rejected.push({ row: i + 1, phone: raw, reason: phone.reason });
    });
    const suppressed = await this.deps.groups.suppress(actor.workspace_id, valid);
    return ok({ suppressed, rejected });
  }
}
