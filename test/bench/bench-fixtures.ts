/**
 * Campaigns the benches send or validate, built through the service as a user would build them, except that
 * contacts may be seeded straight into the group store: normalising them is bench 3's subject and would
 * otherwise dominate every other bench's set-up time.
 * @module
 */
import type { Contact } from "../../core/domain/model.ts";
import type { Actor, ContactInput } from "../../core/service.types.ts";
import { must } from "../support/engine-harness.ts";
import type { BenchEngine } from "./bench-kit.ts";

export const ACTOR: Actor = { workspace_id: "ws_a" };

/** The body every bench sends: one placeholder, so each message is rendered; GSM-7, one part. */
export const BODY = "Hello {{name}}, your order is on its way. Reply STOP to opt out.";

/** `n` contacts with distinct valid UK mobiles in E.164 and a name each, as the normaliser would store them. */
export function ukContacts(n: number): Contact[] {
  return Array.from({ length: n }, (_, i) => ({
    phone: `+447400${String(i).padStart(6, "0")}`,
    name: `Person ${i}`,
    attributes: {},
    region: "GB",
    number_type: "MOBILE",
  }));
}

/** `n` import rows as people type them: national UK mobiles with spaces, and a name. */
export function typedRows(n: number): ContactInput[] {
  return Array.from({ length: n }, (_, i) => ({ phone: `07400 ${String(i).padStart(6, "0")}`, name: `Person ${i}` }));
}

/** A campaign with one group seeded with `contacts`, SMS content and one run scheduled now, not yet launched. */
export async function buildCampaign(engine: BenchEngine, contacts: readonly Contact[]) {
  const { service } = engine;
  const campaign = must(await service.createCampaign(ACTOR, { name: "Bench", workspace_id: "ws_a", message_channel_id: "sms" }));
  const group = must(await service.createGroup(ACTOR, { name: "Customers" }));
  await engine.deps.groups.upsertContacts(group.group_id, contacts);
  must(await service.attachAudience(ACTOR, campaign.campaign_id, group.group_id));
  must(await service.putContent(ACTOR, campaign.campaign_id, "sms", { body: BODY, sender_id: "Kampeni" }));
  const run = must(await service.createRun(ACTOR, campaign.campaign_id, { scheduled_at: engine.clock.now() }));
  return { campaign_id: campaign.campaign_id, group_id: group.group_id, run_id: run.run_id };
}

/** {@link buildCampaign}, then launched: its run is scheduled now, with its messages written. */
export async function launchedCampaign(engine: BenchEngine, contacts: readonly Contact[]) {
  const built = await buildCampaign(engine, contacts);
  must(await engine.service.launch(ACTOR, built.campaign_id, {}));
  return built;
}
