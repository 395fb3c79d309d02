import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../core/domain/result.ts";
import { createHarness, type Harness, must, readyCampaign, ukMobiles } from "../../support/engine-harness.ts";

/**
 * Units are never lost or doubled: random interleavings of sends, cancels mid-batch, provider outages,
 * ledger outages (refunds that fail), lease expiry and reconciler ticks. After every step, for every run:
 * consumed = parts of the messages the provider accepted; nothing refunded while the run can still send;
 * once the refund is done, reserved = consumed + refunded; and the workspace balance adds up.
 */
const INITIAL = 1_000_000;

interface World {
  readonly h: Harness;
  readonly campaigns: string[];
  cancelAtCall: number | null;
  calls: number;
}

type Cmd = fc.AsyncCommand<object, World>;

const cmd = (name: string, run: (w: World) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (_m, w) => {
    await run(w);
    await checkConservation(w);
  },
  toString: () => name,
});

async function ignoreOutage(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
}

async function checkConservation(w: World): Promise<void> {
  const { h } = w;
  h.stores.ledger.availability.up = true;
  let reservedAll = 0;
  let refundedAll = 0;
  for (const campaignId of w.campaigns) {
    for (const run of await h.stores.runs.listByCampaign(campaignId)) {
      const t = await h.stores.ledger.totals(run.run_id);
      const accepted = await h.stores.messages.sumParts(run.run_id, ["SENT", "DELIVERED"]);
      expect(t.consumed, `consumed of ${run.run_id}`).toBe(accepted);
      expect(t.refunded + t.consumed, `refund never exceeds what is unsent (${run.run_id})`).toBeLessThanOrEqual(t.reserved);
      if (!["completed", "failed", "cancelled"].includes(run.status)) expect(t.refunded, `${run.status} run refunded`).toBe(0);
      if (run.refund_state === "done") expect(t.consumed + t.refunded, `done refund of ${run.run_id}`).toBe(t.reserved);
      reservedAll += t.reserved;
      refundedAll += t.refunded;
    }
  }
  expect(await h.stores.ledger.balance("ws_a")).toBe(INITIAL - reservedAll + refundedAll);
}

const commands = [
  fc.integer({ min: 1, max: 12 }).map((n) =>
    cmd(`Launch(${n})`, async (w) => {
      const c = await readyCampaign(w.h, ukMobiles(n, w.campaigns.length * 100), { body: n % 2 ? "Hi {{name}}" : "Łódź {{name}} ".repeat(n) });
      w.campaigns.push(c.campaign_id);
      must(await w.h.service.launch(w.h.a, c.campaign_id, {}));
    })
  ),
  fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }).map((k) =>
    cmd(`Tick(cancelAtCall=${k})`, async (w) => {
      w.cancelAtCall = k;
      w.calls = 0;
      await ignoreOutage(() => w.h.worker.tick());
      w.cancelAtCall = null;
    })
  ),
  fc.nat({ max: 20 }).map((i) =>
    cmd(`Cancel(${i})`, async (w) => {
      const id = w.campaigns[i % Math.max(w.campaigns.length, 1)];
      if (id) await ignoreOutage(() => w.h.service.cancel(w.h.a, id));
    })
  ),
  fc.boolean().map((up) => cmd(`Ledger(${up ? "up" : "down"})`, (w) => Promise.resolve(void (w.h.stores.ledger.availability.up = up)))),
  fc.boolean().map((up) => cmd(`Provider(${up ? "up" : "down"})`, (w) => Promise.resolve(void (w.h.gateway.unreachable = !up)))),
  fc.constant(cmd("Reconcile", async (w) => void (await ignoreOutage(() => w.h.worker.reconcileRefunds())))),
  fc.constant(cmd("LeaseExpires", (w) => Promise.resolve(w.h.clock.advance(w.h.deps.config.leaseMs + 1)))),
];

describe("ledger conservation under random interleavings", () => {
  it("never loses or doubles a unit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const h = await createHarness({ config: { batchSize: 3, maxProviderErrors: 1000 }, balance: INITIAL });
        const w: World = { h, campaigns: [], cancelAtCall: null, calls: 0 };
        // Ledger outages apply to the engine's own calls, checked between steps with the ledger back up.
        const ledgerUp = { value: true };
        const send = h.gateway.send.bind(h.gateway);
        h.gateway.send = async (message) => {
          w.calls++;
          if (w.cancelAtCall !== null && w.calls === w.cancelAtCall) {
            const run = await h.stores.runs.get(message.idempotency_key.split(":")[0]!);
            if (run) await ignoreOutage(() => h.service.cancel(h.a, run.campaign_id));
          }
          return send(message);
        };
        void ledgerUp;
        await fc.asyncModelRun(() => ({ model: {}, real: w }), cmds);
      }),
      { numRuns: Number(process.env.DEEP ? 2000 : 60), verbose: 1 },
    );
  });
});
