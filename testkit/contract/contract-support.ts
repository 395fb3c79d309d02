/**
 * What every contract suite shares: the fixture an adapter author supplies, the capabilities they declare,
 * and the "backend down" checks. For use under vitest only (it registers hooks and tests).
 * @module
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { StoreUnavailableError } from "../../core/domain/result.ts";

/**
 * One store under test. The suites call the factory before every test and `close()` after it.
 *
 * Each fixture must show an **empty** store (a fresh database, key prefix or collection, or one flushed by the
 * factory): `RunStore.claimNext` and the `list*` queries read the whole store, so rows left by another test
 * would be claimed or listed. The suites use fresh ids everywhere else, so nothing else depends on it.
 */
export interface StoreFixture<S> {
  readonly store: S;
  /** Releases what the factory opened (connections, files) and drops what the test wrote. */
  close(): Promise<void>;
  /**
   * Makes the backend unreachable (`true`) or reachable again (`false`), e.g. by pausing a container,
   * pointing the client at a closed port, or flipping a test switch. Needed when `capabilities.outage` is set.
   */
  setUnavailable?(down: boolean): void | Promise<void>;
}

/** What the adapter under test can simulate; tests needing a missing capability are skipped, not failed. */
export interface ContractCapabilities {
  /** The fixture implements `setUnavailable`, so the "backend down" tests run. */
  readonly outage?: boolean;
}

/**
 * Registers `beforeEach`/`afterEach` that open and close a fixture, and returns a getter for the current one.
 * Call it inside the suite's `describe`.
 */
export function useFixture<F extends StoreFixture<unknown>>(factory: () => Promise<F>): () => F {
  let current: F | null = null;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const fixture = current;
    current = null;
    await fixture?.close();
  });
  return () => {
    if (current === null) throw new Error("the contract fixture is only available inside a test");
    return current;
  };
}

/**
 * Asserts that `call` returns a promise that rejects with `StoreUnavailableError`. A synchronous throw fails
 * too: a caller chaining `.catch()` on the returned promise would never see it.
 */
export async function expectUnavailable(call: () => Promise<unknown>): Promise<void> {
  let pending: Promise<unknown>;
  try {
    pending = call();
  } catch (error) {
    throw new Error(`threw synchronously instead of returning a rejected promise: ${String(error)}`, { cause: error });
  }
  await expect(pending).rejects.toBeInstanceOf(StoreUnavailableError);
}

/** One call per method of the port, so a method added to the port cannot miss its outage test. */
export type OutageCalls<S, C> = { readonly [K in keyof S]: (store: S, seeded: C) => Promise<unknown> };

/**
 * One test per method: with data seeded while the backend was up, every method rejects with
 * `StoreUnavailableError` once it is down (never a default value such as "not found" or "no flag").
 * Skipped unless `capabilities.outage` is set.
 */
export function outageTests<S, C>(
  fixture: () => StoreFixture<S>,
  capabilities: ContractCapabilities,
  seed: (store: S) => Promise<C>,
  calls: OutageCalls<S, C>,
): void {
  for (const method of Object.keys(calls) as (keyof S & string)[]) {
    it.skipIf(!capabilities.outage)(`${method} rejects with StoreUnavailableError while the backend is down`, async () => {
      const f = fixture();
      if (!f.setUnavailable) throw new Error("capabilities.outage is set but the fixture has no setUnavailable");
      const seeded = await seed(f.store);
      await f.setUnavailable(true);
      try {
        await expectUnavailable(() => calls[method](f.store, seeded));
      } finally {
        await f.setUnavailable(false);
      }
    });
  }
}
