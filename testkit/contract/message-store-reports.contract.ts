import { describe, expect, it } from "vitest";
import { ZERO_COUNTS } from "../../core/domain/model.ts";
import type { MessageStore } from "../../core/ports/message-store.port.ts";
import type { StoreFixture } from "./contract-support.ts";
import { freshId, T0 } from "./fixtures.ts";
import { result, rowsOf, seedRun } from "./message-store-helpers.ts";

/** A run of `count` rows, all SENT, with the provider ids in seq order. */
async function sentRun(store: MessageStore, count: number) {
  const { runId } = await seedRun(store, count);
  const providerIds = Array.from({ length: count }, () => freshId("prov"));
  await store.takeBatch(runId, 1, count, T0);
  await store.recordResults(runId, 1, providerIds.map((id, seq) => result(seq, "SENT", id)), T0);
  return { runId, providerIds };
}

const statusOf = async (store: MessageStore, runId: string, seq: number) => (await rowsOf(store, runId))[seq]?.status;

/** Delivery reports: forward only, duplicates ignored, early reports kept until the send is recorded. */
export function describeDeliveryReports(fixture: () => StoreFixture<MessageStore>): void {
  describe("applyDeliveryReport", () => {
    it("moves SENT to DELIVERED; a duplicate report is ignored", async () => {
      const { store } = fixture();
      const { runId, providerIds } = await sentRun(store, 3);
      expect(await store.applyDeliveryReport(providerIds[1]!, "DELIVERED", T0 + 1)).toBe("applied");
      expect(await store.applyDeliveryReport(providerIds[1]!, "DELIVERED", T0 + 2)).toBe("ignored");
      expect(await store.counts(runId)).toEqual({ ...ZERO_COUNTS, SENT: 2, DELIVERED: 1 });
    });

    it("a FAILED report after DELIVERED is ignored: a message never moves backwards", async () => {
      const { store } = fixture();
      const { runId, providerIds } = await sentRun(store, 1);
      await store.applyDeliveryReport(providerIds[0]!, "DELIVERED", T0 + 1);
      expect(await store.applyDeliveryReport(providerIds[0]!, "FAILED", T0 + 2)).toBe("ignored");
      expect(await statusOf(store, runId, 0)).toBe("DELIVERED");
    });

    it("a FAILED report after SENT is applied, and a later DELIVERED is ignored", async () => {
      const { store } = fixture();
      const { runId, providerIds } = await sentRun(store, 1);
      expect(await store.applyDeliveryReport(providerIds[0]!, "FAILED", T0 + 1)).toBe("applied");
      expect(await store.applyDeliveryReport(providerIds[0]!, "DELIVERED", T0 + 2)).toBe("ignored");
      expect(await statusOf(store, runId, 0)).toBe("FAILED");
    });

    it("of concurrent duplicate reports exactly one is applied", async () => {
      const { store } = fixture();
      const { runId, providerIds } = await sentRun(store, 1);
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.applyDeliveryReport(providerIds[0]!, "DELIVERED", T0)));
      expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "ignored")).toHaveLength(7);
      expect(await store.counts(runId)).toEqual({ ...ZERO_COUNTS, DELIVERED: 1 });
    });

    for (const status of ["DELIVERED", "FAILED"] as const) {
      it(`an early ${status} report is "unknown" now and applied when the send is recorded`, async () => {
        const { store } = fixture();
        const { runId } = await seedRun(store, 2);
        const providerId = freshId("prov");
        expect(await store.applyDeliveryReport(providerId, status, T0)).toBe("unknown");
        await store.takeBatch(runId, 1, 2, T0 + 1);
        expect(await store.recordResults(runId, 1, [result(0, "SENT", providerId), result(1, "SENT", freshId("prov"))], T0 + 2)).toBe(2);
        expect(await statusOf(store, runId, 0)).toBe(status);
        expect(await statusOf(store, runId, 1)).toBe("SENT");
        expect(await store.applyDeliveryReport(providerId, status, T0 + 3)).toBe("ignored");
      });
    }

    it("an early report for an id never sent changes no row", async () => {
      const { store } = fixture();
      const { runId } = await sentRun(store, 2);
      expect(await store.applyDeliveryReport(freshId("prov"), "FAILED", T0)).toBe("unknown");
      expect(await store.counts(runId)).toEqual({ ...ZERO_COUNTS, SENT: 2 });
    });
  });
}
