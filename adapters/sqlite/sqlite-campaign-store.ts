import type { Campaign, Channel, Content } from "../../core/domain/model.ts";
import type { CampaignStore } from "../../core/ports/campaign-store.port.ts";
import { fromJson, SqliteGate, type SqliteDb } from "./sqlite-database.ts";

interface CampaignRow {
  campaign_id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  message_channel_id: string | null;
  group_ids: string;
  content: string;
  launched_at: number | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
  version: number;
}

const COLUMNS = "campaign_id, workspace_id, name, description, message_channel_id, group_ids, content, " +
  "launched_at, cancelled_at, created_at, updated_at, version";

const toRow = (c: Campaign): CampaignRow => ({
  campaign_id: c.campaign_id,
  workspace_id: c.workspace_id,
  name: c.name,
  description: c.description,
  message_channel_id: c.message_channel_id,
  group_ids: JSON.stringify(c.group_ids),
  content: JSON.stringify(c.content),
  launched_at: c.launched_at,
  cancelled_at: c.cancelled_at,
  created_at: c.created_at,
  updated_at: c.updated_at,
  version: c.version,
});

const fromRow = (r: CampaignRow): Campaign => ({
  campaign_id: r.campaign_id,
  workspace_id: r.workspace_id,
  name: r.name,
  description: r.description,
  message_channel_id: r.message_channel_id as Channel | null,
  group_ids: fromJson<string[]>(r.group_ids) ?? [],
  content: fromJson<Partial<Record<Channel, Content>>>(r.content) ?? {},
  launched_at: r.launched_at,
  cancelled_at: r.cancelled_at,
  created_at: r.created_at,
  updated_at: r.updated_at,
  version: r.version,
});

/** Campaigns as one row each; groups and content are JSON columns. Replace is one conditional UPDATE. */
export class SqliteCampaignStore implements CampaignStore {
  readonly #gate: SqliteGate;
  readonly #insert;
  readonly #get;
  readonly #replace;
  readonly #listFirst;
  readonly #listAfter;

  constructor(db: SqliteDb) {
    this.#gate = new SqliteGate(db, "campaign store");
    this.#insert = db.prepare<[CampaignRow]>(
      `INSERT INTO campaigns (${COLUMNS}) VALUES (@campaign_id, @workspace_id, @name, @description, ` +
        "@message_channel_id, @group_ids, @content, @launched_at, @cancelled_at, @created_at, @updated_at, @version)",
    );
    this.#get = db.prepare<[string], CampaignRow>(`SELECT ${COLUMNS} FROM campaigns WHERE campaign_id = ?`);
    this.#replace = db.prepare<[CampaignRow & { expected: number }]>(
      "UPDATE campaigns SET workspace_id = @workspace_id, name = @name, description = @description, " +
        "message_channel_id = @message_channel_id, group_ids = @group_ids, content = @content, " +
        "launched_at = @launched_at, cancelled_at = @cancelled_at, created_at = @created_at, " +
        "updated_at = @updated_at, version = @version WHERE campaign_id = @campaign_id AND version = @expected",
    );
    this.#listFirst = db.prepare<[string, number], CampaignRow>(
      `SELECT ${COLUMNS} FROM campaigns WHERE workspace_id = ? ORDER BY campaign_id LIMIT ?`,
    );
    this.#listAfter = db.prepare<[string, string, number], CampaignRow>(
      `SELECT ${COLUMNS} FROM campaigns WHERE workspace_id = ? AND campaign_id > ? ORDER BY campaign_id LIMIT ?`,
    );
  }

  insert(campaign: Campaign): Promise<void> {
    return this.#gate.call(() => {
      this.#insert.run(toRow(campaign));
    });
  }

  get(campaignId: string): Promise<Campaign | null> {
    return this.#gate.call(() => {
      const row = this.#get.get(campaignId);
      return row ? fromRow(row) : null;
    });
  }

  replace(next: Campaign, expectedVersion: number): Promise<boolean> {
    return this.#gate.call(() => this.#replace.run({ ...toRow(next), expected: expectedVersion }).changes === 1);
  }

  list(workspaceId: string, afterId: string | null, limit: number): Promise<Campaign[]> {
    return this.#gate.call(() =>
      (afterId === null ? this.#listFirst.all(workspaceId, limit) : this.#listAfter.all(workspaceId, afterId, limit))
        .map(fromRow)
    );
  }
}
