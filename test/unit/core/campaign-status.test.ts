import { describe, expect, test } from "vitest";
import { campaignStatus, type Run, type RunStatus } from "../../../core/index.ts";
import { createHarness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";
import { campaignFixture, runFixture } from "./core-test-kit.ts";

const launched = campaignFixture({ launched_at: 1_000 });
let n = 0;
const run = (status: RunStatus, fields: Partial<Run> = {}) => runFixture({ run_id: `run_${++n}`, status, ...fields });

describe("campaign status derived from runs", () => {
  test("a campaign never launched is draft, whatever its runs say", () => {
    // given a draft campaign whose runs are (somehow) scheduled and running
    const draft = campaignFixture({ launched_at: null });
    // then it is still draft: draft is sticky until the first launch
    expect(campaignStatus(draft, [])).toBe("draft");
    expect(campaignStatus(draft, [run("ready")])).toBe("draft");
    expect(campaignStatus(draft, [run("scheduled"), run("running")])).toBe("draft");
  });

  test("a cancelled campaign is cancelled for ever, even with a run still running or a retry scheduled", () => {
    const cancelled = campaignFixture({ launched_at: 1_000, cancelled_at: 2_000 });
    expect(campaignStatus(cancelled, [run("running")])).toBe("cancelled");
    expect(campaignStatus(cancelled, [run("cancelled"), run("scheduled", { retry_of_run_id: "run_x" })])).toBe("cancelled");
    expect(campaignStatus(cancelled, [run("completed", { finished_at: 3_000 })])).toBe("cancelled");
    // a never-launched campaign that was cancelled is cancelled, not draft
    expect(campaignStatus(campaignFixture({ cancelled_at: 2_000 }), [])).toBe("cancelled");
  });

  test("running wins when any run is claimed or running", () => {
    expect(campaignStatus(launched, [run("claimed"), run("paused"), run("scheduled")])).toBe("running");
    expect(campaignStatus(launched, [run("completed", { finished_at: 5 }), run("running")])).toBe("running");
  });

  test("paused when a run is paused and none is running", () => {
    expect(campaignStatus(launched, [run("paused"), run("scheduled"), run("completed", { finished_at: 5 })])).toBe("paused");
  });

  test("scheduled when a run is scheduled and none is running or paused", () => {
    expect(campaignStatus(launched, [run("scheduled"), run("ready"), run("failed", { finished_at: 9 })])).toBe("scheduled");
  });

  test("otherwise completed or failed by the latest finished run", () => {
    const olderFailed = run("failed", { finished_at: 100 });
    const newerCompleted = run("completed", { finished_at: 200 });
    expect(campaignStatus(launched, [newerCompleted, olderFailed])).toBe("completed");
    const newerFailed = run("failed", { finished_at: 300 });
    expect(campaignStatus(launched, [olderFailed, newerCompleted, newerFailed, run("retired"), run("ready")])).toBe("failed");
  });

  test("a launched campaign whose triggered runs were all cancelled shows completed (nothing will send)", () => {
    expect(campaignStatus(launched, [run("cancelled"), run("retired")])).toBe("completed");
  });
});

describe("campaign status through the service", () => {
  test("draft -> scheduled on launch -> running while claimed -> completed when the worker is done", async () => {
    // given a campaign with one run due now
    const h = await createHarness();
    const c = await readyCampaign(h, ukMobiles(2));
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("draft");
    // when it is launched
    must(await h.service.launch(h.a, c.campaign_id, {}));
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("scheduled");
    // when a worker claims it (and has not started yet)
    const now = h.clock.now();
    await h.stores.runs.claimNext({ now, windowStart: now - 86_400_000, owner: "other", leaseMs: 60_000 });
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("running");
    // when the claim lapses and our worker takes it over and finishes
    h.clock.advance(60_000);
    await h.worker.drain();
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("completed");
  });

  test("a run whose every message the provider rejects fails, and the campaign shows failed", async () => {
    const phones = ukMobiles(2);
    const h = await createHarness({ simulator: { failNumbers: phones } });
    const c = await readyCampaign(h, phones);
    must(await h.service.launch(h.a, c.campaign_id, {}));
    await h.worker.drain();
    expect(must(await h.service.getCampaign(h.a, c.campaign_id)).status).toBe("failed");
  });
});
