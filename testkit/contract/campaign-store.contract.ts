import { describe, expect, it } from "vitest";
import type { Campaign } from "../../core/domain/model.ts";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { aCampaign, freshId, orderedIds, T0 } from "./fixtures.ts";

/** A `CampaignStore` under test. */
export type CampaignStoreFixture = StoreFixture<CampaignStore>;

/** Every page of a workspace's campaigns, following the cursor until a short page. */
async function allPages(store: CampaignStore, workspaceId: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  for (let after: string | null = null;;) {
    const page = await store.list(workspaceId, after, limit);
    expect(page.length).toBeLessThanOrEqual(limit);
    pages.push(page.map((c) => c.campaign_id));
    if (page.length < limit) return pages;
    after = page.at(-1)!.campaign_id;
  }
}

/**
 * The `CampaignStore` contract: faithful round trips, optimistic concurrency on `version`, and cursor pagination
 * in creation order. For use under vitest only: call it at the top level of a test file.
 */
export function campaignStoreContract(
  name: string,
  factory: () => Promise<CampaignStoreFixture>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`${name}: CampaignStore contract`, () => {
    const fixture = useFixture(factory);

    it("gets back every field of an inserted campaign", async () => {
      const { store } = fixture();
      const full = aCampaign({
        description: "Spring sale – ünïcödé ✓",
        group_ids: [freshId("grp"), freshId("grp")],
        content: { sms: { body: "Hi {{name}}", sender_id: "Shop" }, whatsapp: { body: "Hello", sender_id: "Shop" } },
        launched_at: T0 + 5,
        cancelled_at: T0 + 9,
        version: 7,
      });
      const bare = aCampaign({ message_channel_id: null, content: {} });
      await store.insert(full);
      await store.insert(bare);
      expect(await store.get(full.campaign_id)).toEqual(full);
      expect(await store.get(bare.campaign_id)).toEqual(bare);
    });

    it("gets null for an unknown campaign", async () => {
      expect(await fixture().store.get(freshId("camp"))).toBeNull();
    });

    it("replaces a campaign whose stored version matches", async () => {
      const { store } = fixture();
      const campaign = aCampaign({ version: 3 });
      await store.insert(campaign);
      const next: Campaign = { ...campaign, name: "Renamed", group_ids: [freshId("grp")], version: 4, updated_at: T0 + 1 };
      expect(await store.replace(next, 3)).toBe(true);
      expect(await store.get(campaign.campaign_id)).toEqual(next);
    });

    it("a replace with a stale version returns false and changes nothing", async () => {
      const { store } = fixture();
      const campaign = aCampaign({ version: 3 });
      await store.insert(campaign);
      expect(await store.replace({ ...campaign, name: "Lost update", version: 3 }, 2)).toBe(false);
      expect(await store.get(campaign.campaign_id)).toEqual(campaign);
    });

    it("a replace of an unknown campaign returns false and inserts nothing", async () => {
      const { store } = fixture();
      const ghost = aCampaign({ version: 2 });
      expect(await store.replace(ghost, 1)).toBe(false);
      expect(await store.get(ghost.campaign_id)).toBeNull();
    });

    it("of concurrent replaces from one version exactly one wins", async () => {
      const { store } = fixture();
      const campaign = aCampaign({ version: 1 });
      await store.insert(campaign);
      const attempts = Array.from({ length: 10 }, (_, i) => ({ ...campaign, name: `writer ${i}`, version: 2 }));
      const outcomes = await Promise.all(attempts.map((next) => store.replace(next, 1)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await store.get(campaign.campaign_id)).toEqual(attempts[outcomes.indexOf(true)]);
    });

    it("lists a workspace's campaigns in creation order, page by page, without duplicates or gaps", async () => {
      const { store } = fixture();
      const [ws, other] = [freshId("ws"), freshId("ws")];
      const ids = orderedIds("camp", 23);
      // Some share a millisecond: ids (ULIDs in production) break the tie.
      for (const [i, id] of ids.entries()) {
        await store.insert(aCampaign({ campaign_id: id, workspace_id: ws, created_at: T0 + Math.floor(i / 3) }));
        if (i % 4 === 0) await store.insert(aCampaign({ workspace_id: other, created_at: T0 + i }));
      }
      const pages = await allPages(store, ws, 5);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(ids);
    });

    it("pagination stays stable when campaigns are updated or created between pages", async () => {
      const { store } = fixture();
      const ws = freshId("ws");
      const ids = orderedIds("camp", 6);
      for (const [i, id] of ids.entries()) await store.insert(aCampaign({ campaign_id: id, workspace_id: ws, created_at: T0 + i }));
      const first = await store.list(ws, null, 3);
      const seen = first[0]!;
      expect(await store.replace({ ...seen, name: "touched", updated_at: T0 + 100, version: 2 }, 1)).toBe(true);
      const late = aCampaign({ campaign_id: `${ids.at(-1)}_late`, workspace_id: ws, created_at: T0 + 100 });
      await store.insert(late);
      const rest = await store.list(ws, first.at(-1)!.campaign_id, 10);
      expect([...first, ...rest].map((c) => c.campaign_id)).toEqual([...ids, late.campaign_id]);
    });

    it("lists nothing for a workspace without campaigns", async () => {
      expect(await fixture().store.list(freshId("ws"), null, 10)).toEqual([]);
    });

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        const campaign = aCampaign();
        await store.insert(campaign);
        return campaign;
      }, {
        insert: (store) => store.insert(aCampaign()),
        get: (store, c) => store.get(c.campaign_id),
        replace: (store, c) => store.replace({ ...c, version: c.version + 1 }, c.version),
        list: (store, c) => store.list(c.workspace_id, null, 10),
      });
    });
  });
}
