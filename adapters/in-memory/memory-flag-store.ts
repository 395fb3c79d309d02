import type { FlagStore, RunFlags } from "../../core/ports/flag-store.port.ts";
import { Availability } from "./availability.ts";

export class MemoryFlagStore implements FlagStore {
  readonly availability = new Availability("flag store");
  readonly #paused = new Set<string>();
  readonly #cancelled = new Set<string>();

  async setPaused(runIds: readonly string[]): Promise<void> {
    this.availability.check();
    for (const id of runIds) this.#paused.add(id);
  }

  async clearPaused(runIds: readonly string[]): Promise<void> {
    this.availability.check();
    for (const id of runIds) this.#paused.delete(id);
  }

  async setCancelled(runIds: readonly string[]): Promise<void> {
    this.availability.check();
    for (const id of runIds) this.#cancelled.add(id);
  }

  async read(runId: string): Promise<RunFlags> {
    this.availability.check();
    return { paused: this.#paused.has(runId), cancelled: this.#cancelled.has(runId) };
  }
}
