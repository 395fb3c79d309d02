import { describe, expect, it } from "vitest";
import type { FlagStore } from "../../core/ports/flag-store.port.ts";
import { type ContractCapabilities, outageTests, type StoreFixture, useFixture } from "./contract-support.ts";
import { freshId } from "./fixtures.ts";

/** A `FlagStore` under test. */
export type FlagStoreFixture = StoreFixture<FlagStore>;

const NO_FLAGS = { paused: false, cancelled: false };

/**
 * The `FlagStore` contract: flags are per run, a cancel is permanent, and a read never answers "no flag" when
 * the backend is down. For use under vitest only: call it at the top level of a test file.
 */
export function flagStoreContract(
  name: string,
  factory: () => Promise<FlagStoreFixture>,
  capabilities: ContractCapabilities = {},
): void {
  describe(`${name}: FlagStore contract`, () => {
    const fixture = useFixture(factory);

    it("reads all flags false for a run nobody flagged", async () => {
      expect(await fixture().store.read(freshId("run"))).toEqual(NO_FLAGS);
    });

    it("pausing run A does not pause run B", async () => {
      const { store } = fixture();
      const [a, b] = [freshId("run"), freshId("run")];
      await store.setPaused([a]);
      expect(await store.read(a)).toEqual({ paused: true, cancelled: false });
      expect(await store.read(b)).toEqual(NO_FLAGS);
    });

    it("sets and clears the pause of every run given, and only those", async () => {
      const { store } = fixture();
      const runs = [freshId("run"), freshId("run"), freshId("run")];
      await store.setPaused(runs);
      await store.clearPaused([runs[0]!, runs[2]!]);
      expect((await store.read(runs[0]!)).paused).toBe(false);
      expect((await store.read(runs[1]!)).paused).toBe(true);
      expect((await store.read(runs[2]!)).paused).toBe(false);
    });

    it("a pause is a flag, not a counter: set twice, cleared once, the run is unpaused", async () => {
      const { store } = fixture();
      const run = freshId("run");
      await store.setPaused([run]);
      await store.setPaused([run]);
      await store.clearPaused([run]);
      expect(await store.read(run)).toEqual(NO_FLAGS);
    });

    it("clearing the pause of a run never paused is harmless", async () => {
      const { store } = fixture();
      const run = freshId("run");
      await store.clearPaused([run]);
      expect(await store.read(run)).toEqual(NO_FLAGS);
    });

    it("cancel is per run and survives clearing the pause", async () => {
      const { store } = fixture();
      const [a, b] = [freshId("run"), freshId("run")];
      await store.setPaused([a]);
      await store.setCancelled([a]);
      await store.clearPaused([a]);
      expect(await store.read(a)).toEqual({ paused: false, cancelled: true });
      expect(await store.read(b)).toEqual(NO_FLAGS);
    });

    it("pause and cancel are held together", async () => {
      const { store } = fixture();
      const run = freshId("run");
      await store.setCancelled([run]);
      await store.setPaused([run]);
      expect(await store.read(run)).toEqual({ paused: true, cancelled: true });
    });

    it("calls with no run ids are no-ops", async () => {
      const { store } = fixture();
      await store.setPaused([]);
      await store.clearPaused([]);
      await store.setCancelled([]);
      expect(await store.read(freshId("run"))).toEqual(NO_FLAGS);
    });

    it("flags many runs in one call", async () => {
      const { store } = fixture();
      const runs = Array.from({ length: 200 }, () => freshId("run"));
      await store.setCancelled(runs);
      const flags = await Promise.all(runs.map((r) => store.read(r)));
      expect(flags.every((f) => f.cancelled && !f.paused)).toBe(true);
    });

    describe("when the backend is down", () => {
      outageTests(fixture, capabilities, async (store) => {
        // A paused, cancelled run: a store that answered "no flag" while down would let the worker send.
        const run = freshId("run");
        await store.setPaused([run]);
        await store.setCancelled([run]);
        return run;
      }, {
        setPaused: (store, run) => store.setPaused([run]),
        clearPaused: (store, run) => store.clearPaused([run]),
        setCancelled: (store, run) => store.setCancelled([run]),
        read: (store, run) => store.read(run),
      });
    });
  });
}
