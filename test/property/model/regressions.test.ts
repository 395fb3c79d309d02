import { describe, expect, test } from "vitest";
import { replayEngineModel } from "../../../testkit/index.ts";
import { memorySetup } from "./model-env.ts";
import { ScriptedScheduler } from "./scripted-scheduler.ts";

/**
 * Counterexamples the engine model found, each replayed as its explicit command sequence on fresh in-memory
 * stores with every invariant checked after every command. Every sequence starts from the model's fixture:
 * campaign #0 ("Hi {{name}}", one run scheduled now) with group #0 attached (P0, P1, P3 named, P2 without a
 * name, P5 whom the provider rejects). A race replays the interleaving fast-check printed.
 */
type Commands = readonly (readonly [string, unknown])[];
const replay = (commands: Commands) => replayEngineModel({ makeDeps: memorySetup }, commands);

describe("engine model regressions (fixed in core)", () => {
  test("a cancel that lands while launch writes the recipient rows leaves no rows behind (counters add up)", async () => {
    // Found as countersAddUp: launch read the run as ready, cancel flipped it to cancelled, launch then wrote
    // the rows and lost its conditional update: a never-triggered run showed pending 2, skipped 1 against
    // recipient_count 0. Fixed in core/use-cases/launch-campaign.use-case.ts (#launchOneShot deletes them).
    const s = ScriptedScheduler.fromReport(`
      -> [task\${2}] promise::api3.groups.suppress resolved
      -> [task\${1}] promise::api2.campaigns.get resolved
      -> [task\${4}] promise::api2.runs.listByCampaign resolved
      -> [task\${3}] promise::api4.campaigns.get resolved
      -> [task\${5}] promise::api2.groups.listContacts resolved
      -> [task\${6}] promise::api4.runs.listByCampaign resolved
      -> [task\${7}] promise::api2.groups.suppressed resolved
      -> [task\${8}] promise::api4.flags.setCancelled resolved
      -> [task\${10}] promise::api4.campaigns.get resolved
      -> [task\${9}] promise::api2.ledger.balance resolved
      -> [task\${12}] promise::api2.runs.get resolved
      -> [task\${11}] promise::api4.campaigns.replace resolved
      -> [task\${13}] promise::api2.messages.deleteRun resolved
      -> [task\${14}] promise::api4.runs.update resolved
      -> [task\${16}] promise::api4.runs.get resolved
      -> [task\${17}] promise::api4.ledger.refundRemainder resolved
      -> [task\${18}] promise::api4.runs.update resolved
      -> [task\${19}] promise::api4.campaigns.get resolved
      -> [task\${20}] promise::api4.runs.listByCampaign resolved
      -> [task\${15}] promise::api2.messages.insertMany resolved
      -> [task\${21}] promise::api2.ledger.reserve resolved
      -> [task\${22}] promise::api2.runs.update resolved
      -> [task\${23}] promise::api2.runs.get resolved
      -> [task\${24}] promise::api2.ledger.refundRemainder resolved`);
    await expect(replay([["race", { ops: ["launch", "suppress", "cancel"], c: 0, i: 0, s }]])).resolves.toBeDefined();
  });

  test("resume does not let a second worker claim a run whose worker is still finishing its batch", async () => {
    // Found as claimsNeverOverlap: pause stops at the batch boundary, so the worker kept sending its batch while
    // resume flipped the run to scheduled with no lease; a second worker claimed it at once and re-sent the
    // batch. Fixed in core (fb43bdc): resume keeps the lease; a scheduled run with a live lease is not claimed.
    await expect(replay([
      ["launch", { c: 0, run: null }],
      ["armFault", { at: 1, fault: "pause_resume_takeover" }],
    ])).resolves.toBeDefined();
  });

  test("resume does not free a run whose crashed worker's lease is still live", async () => {
    await expect(replay([
      ["launch", { c: 0, run: null }],
      ["armFault", { at: 1, fault: "crash_after" }],
      ["pause", { c: 0 }],
      ["resume", { c: 0 }],
      ["tick", {}],
    ])).resolves.toBeDefined();
  });

  test("a retry right after a cancel does not take the recipients the source's worker is still recording", async () => {
    // Found as retryExcludesInFlight: cancel while call 1 (P0) is in flight, then retry at once; P0 was handed
    // over but not recorded, so the retry took it and the worker then recorded P0 SENT on the source.
    // Fixed in core (fb43bdc): retry is refused while the source's lease is live.
    await expect(replay([
      ["launch", { c: 0, run: null }],
      ["armFault", { at: 1, fault: "cancel_retry" }],
    ])).resolves.toBeDefined();
  });

  test("re-timing the last occurrence of a recurring schedule earlier does not re-create past occurrences", async () => {
    // Found as noRunIsStuck, then occurrencesMoveForward: the schedule continued after its last child's current
    // scheduled_at, so re-timing that child two days back re-created two days of occurrences (19 of them sent
    // again to everyone). Fixed in core (fb43bdc): it continues after the template's materialised_until.
    await expect(replay([
      ["addRun", { c: 0, when: "recurring", cron: 0, max: null }],
      ["launch", { c: 0, run: 1 }],
      ["patchRun", { c: 0, run: 597982109, when: "past_2d" }],
      ["armFault", { at: 1, fault: "transport_before" }],
    ])).resolves.toBeDefined();
  });

  test("two workers extending one schedule at once create each occurrence once", async () => {
    // Found as occurrencesMoveForward after the fix above: both ticks listed the daily template (materialised up
    // to May 14 12:00Z); the first extended it with May 15 08:00Z; the second, listing the children only then
    // but holding the template as read before, created May 15 08:00Z again as #3. Reached when the horizon's
    // time, not its count, bounds the schedule (as with the default 90 days / 500 occurrences). Fixed in core
    // (d00fd96): index and time both come from the template's one record.
    const s = ScriptedScheduler.of([
      "r2.runs.listOverdue", "r3.runs.listOverdue", "r2.runs.listTemplatesToExtend", "r3.runs.listTemplatesToExtend",
      "r2.campaigns.get", "r2.runs.listByCampaign", "r2.runs.insertChildren", "r2.runs.listByCampaign", "r2.runs.update",
    ]);
    await expect(replayEngineModel({ makeDeps: memorySetup, config: { horizonOccurrences: 500 } }, [
      ["addRun", { c: 0, when: "recurring", cron: 1, max: null }],
      ["launch", { c: 0, run: 1 }],
      ["advance", { kind: "past_window", minutes: 0 }],
      ["race", { ops: ["tick", "tick"], c: 0, i: 0, s }],
    ])).resolves.toBeDefined();
  });
});

describe("engine model regressions (behaviour the model pinned down)", () => {
  test("a crashed worker woken after its replacement drained the run finishes without sending anyone twice", async () => {
    await expect(replay([
      ["createCampaign", { channel: "sms" }],
      ["armFault", { at: 1, fault: "crash_before" }],
      ["launch", { c: 0, run: null }],
      ["drain", {}],
      ["addRun", { c: 0, when: "now", cron: 0, max: 1 }],
      ["wake", { i: 1 }],
    ])).resolves.toBeDefined();
  });

  test("a stale worker's writes are refused, except the rows still queued under its own claim (its own calls in flight)", async () => {
    // Crashed inside call 1 holding rows P0, P1 QUEUED; the lease passes; another worker claims the run but
    // finds it paused before taking a batch. The crashed worker's old claim may still record P0 and P1 (nobody
    // re-took them); its run write, and writes to any row it no longer holds, are refused.
    const s = ScriptedScheduler.fromReport(`
      -> [task\${3}] promise::api3.campaigns.get resolved
      -> [task\${4}] promise::api3.runs.listByCampaign resolved
      -> [task\${1}] promise::clock.advance resolved
      -> [task\${2}] promise::r5.runs.listOverdue resolved
      -> [task\${5}] promise::api3.flags.setPaused resolved
      -> [task\${6}] promise::r5.runs.listTemplatesToExtend resolved
      -> [task\${8}] promise::r5.runs.claimNext resolved
      -> [task\${9}] promise::r5.runs.update resolved
      -> [task\${10}] promise::r5.flags.read resolved
      -> [task\${7}] promise::api3.runs.update resolved
      -> [task\${12}] promise::api3.campaigns.get resolved
      -> [task\${13}] promise::api3.runs.listByCampaign resolved
      -> [task\${11}] promise::r5.runs.update resolved
      -> [task\${14}] promise::r5.runs.update resolved`);
    await expect(replay([
      ["launch", { c: 0, run: null }],
      ["armFault", { at: 1, fault: "crash_before" }],
      ["race", { ops: ["pause", "past_lease", "tick"], c: 0, i: 0, s }],
      ["staleWrites", { i: 0 }],
    ])).resolves.toBeDefined();
  });
});



describe("engine model regressions (open findings: these fail until the core changes)", () => {
  // OPEN (README, Known issues): the fix needs the row writes to be conditional on the run, which the ports
  // cannot express yet. Skipped, so it is counted as skipped, never as passing; un-skip it to see it fail.
  test.skip("OPEN concurrent-launches-mix-plans: two launches of one run at once leave rows and counts from the same plan", async () => {
    // Both launches saw the run ready; the first wrote its rows and won the update; the second, which had planned
    // after an opt-out, then deleted those rows and wrote its own: 4 rows against recipient_count 5 (counters do
    // not add up). Open finding "concurrent-launches-mix-plans".
    const s = ScriptedScheduler.fromReport(`
      -> [task\${3}] promise::api4.campaigns.get resolved
      -> [task\${2}] promise::api3.campaigns.get resolved
      -> [task\${4}] promise::api4.runs.listByCampaign resolved
      -> [task\${6}] promise::api4.groups.listContacts resolved
      -> [task\${5}] promise::api3.runs.listByCampaign resolved
      -> [task\${7}] promise::api4.groups.suppressed resolved
      -> [task\${1}] promise::api2.groups.suppress resolved
      -> [task\${9}] promise::api4.ledger.balance resolved
      -> [task\${10}] promise::api4.runs.get resolved
      -> [task\${8}] promise::api3.groups.listContacts resolved
      -> [task\${11}] promise::api4.messages.deleteRun resolved
      -> [task\${13}] promise::api4.messages.insertMany resolved
      -> [task\${12}] promise::api3.groups.suppressed resolved
      -> [task\${15}] promise::api3.ledger.balance resolved
      -> [task\${16}] promise::api3.runs.get resolved
      -> [task\${14}] promise::api4.ledger.reserve resolved
      -> [task\${18}] promise::api4.runs.update resolved
      -> [task\${17}] promise::api3.messages.deleteRun resolved
      -> [task\${19}] promise::api4.campaigns.get resolved
      -> [task\${21}] promise::api4.campaigns.replace resolved
      -> [task\${20}] promise::api3.messages.insertMany resolved
      -> [task\${22}] promise::api3.ledger.reserve resolved
      -> [task\${23}] promise::api3.runs.update resolved
      -> [task\${24}] promise::api3.runs.get resolved`);
    await expect(replay([["race", { ops: ["suppress", "launch", "launch"], c: 0, i: 0, s }]])).resolves.toBeDefined();
  });
});
