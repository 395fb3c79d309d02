import { InvariantViolation } from "./invariants.ts";
import { PHONES } from "./phones.ts";
import { ACTOR, type ModelWorld, WORKSPACE } from "./world.ts";

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new InvariantViolation("fixture", JSON.stringify(r.error));
  return r.value;
};

/**
 * Where every sequence starts, so short sequences already reach the worker: campaign #0 (SMS, "Hi {{name}}")
 * with group #0 attached (P0, P1 and P3 named, P1 with a city, P2 without a name, P5 whom the provider rejects)
 * and one run scheduled now. Commands may build more campaigns and groups from there.
 */
export async function seedWorld(w: ModelWorld): Promise<void> {
  const svc = w.service;
  const campaign = must(await svc.createCampaign(ACTOR, { name: "Launch", workspace_id: WORKSPACE, message_channel_id: "sms" }));
  const group = must(await svc.createGroup(ACTOR, { name: "Customers" }));
  must(await svc.importContacts(ACTOR, group.group_id, [
    { phone: PHONES[0]!, name: "Asha" },
    { phone: PHONES[1]!, name: "Baraka", attributes: { city: "Arusha" } },
    { phone: PHONES[2]! },
    { phone: PHONES[3]!, name: "Daudi" },
    { phone: PHONES[5]!, name: "Zawadi" },
  ]));
  must(await svc.attachAudience(ACTOR, campaign.campaign_id, group.group_id));
  must(await svc.putContent(ACTOR, campaign.campaign_id, "sms", { body: "Hi {{name}}", sender_id: "Kampeni" }));
  must(await svc.createRun(ACTOR, campaign.campaign_id, { scheduled_at: w.clock.now() }));
  w.campaigns.push(campaign.campaign_id);
  w.groups.push(group.group_id);
}
