import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CronerCronEvaluator } from "../../../adapters/croner/croner-cron-evaluator.ts";
import {
  ManualClock,
  MemoryFlagStore,
  RecordingLogger,
  SimulatedSmsGateway,
  UlidIdGenerator,
} from "../../../adapters/in-memory/index.ts";
import { LibphonenumberNormalizer } from "../../../adapters/libphonenumber/libphonenumber-normalizer.ts";
import { openSqliteStores, type SqliteStores } from "../../../adapters/sqlite/index.ts";
import { createEngine, DEFAULT_ENGINE_CONFIG } from "../../../core/index.ts";
import type { Actor } from "../../../core/service.types.ts";
import { must, ukMobiles } from "../../support/engine-harness.ts";
import { tempDir } from "./temp-database.ts";

const actor: Actor = { workspace_id: "ws_a" };

/** The whole engine on SQLite stores (flags in memory), in virtual time. */
function engineOn(stores: SqliteStores, clock: ManualClock, gateway = new SimulatedSmsGateway()) {
  const { close: _close, ping: _ping, ...ports } = stores;
  const deps = {
    ...ports,
    flags: new MemoryFlagStore(),
    gateway,
    cron: new CronerCronEvaluator(),
    phones: new LibphonenumberNormalizer(),
    clock,
    ids: new UlidIdGenerator(clock),
    logger: new RecordingLogger(),
    config: { ...DEFAULT_ENGINE_CONFIG, defaultRegion: "GB", batchSize: 7 },
  };
  return { ...createEngine(deps, "sqlite-worker"), gateway };
}

describe("the engine on SQLite stores", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it("builds, launches and sends a campaign in batches, and the file keeps the outcome across a reopen", async () => {
    const path = temp.file("engine.db");
    const clock = new ManualClock("2026-05-12T12:00:00.000Z");
    const stores = openSqliteStores(path);
    const e = engineOn(stores, clock, new SimulatedSmsGateway({ failNumbers: ["+447400000003"] }));
    must(await e.service.credit("ws_a", 1000, "initial"));
    const campaign = must(await e.service.createCampaign(actor, { name: "Promo", workspace_id: "ws_a", message_channel_id: "sms" }));
    const group = must(await e.service.createGroup(actor, { name: "Customers" }));
    must(await e.service.importContacts(actor, group.group_id, ukMobiles(20).map((phone, i) => ({ phone, name: `P${i}` }))));
    must(await e.service.suppress(actor, ["+447400000005"]));
    must(await e.service.attachAudience(actor, campaign.campaign_id, group.group_id));
    must(await e.service.putContent(actor, campaign.campaign_id, "sms", { body: "Hello {{name}}", sender_id: "Kampeni" }));
    must(await e.service.createRun(actor, campaign.campaign_id, { scheduled_at: clock.now() }));

    must(await e.service.launch(actor, campaign.campaign_id, {}));
    await e.worker.drain();

    const expected = { status: "completed", recipient_count: 19, sent: 18, failed: 1, skipped: 0, pending: 0, total_batches: 3 };
    expect(must(await e.service.status(actor, campaign.campaign_id))).toMatchObject(expected);
    expect(e.gateway.sent.filter((s) => s.accepted)).toHaveLength(18);
    const report = must(await e.service.report(actor, campaign.campaign_id));
    expect(report.totals.units).toEqual({ reserved: 19, consumed: 18, refunded: 1 });
    await stores.close();

    const reopened = openSqliteStores(path);
    const again = engineOn(reopened, clock);
    expect(must(await again.service.status(actor, campaign.campaign_id))).toMatchObject(expected);
    expect(must(await again.service.balance(actor)).balance).toBe(1000 - 18);
    await reopened.close();
  });
});
