import { StoreUnavailableError } from "../../core/domain/result.ts";

/** A switch that makes an in-memory store behave as if its backend were down (for failure tests). */
export class Availability {
  #up = true;
  constructor(private readonly store: string) {}
  set up(value: boolean) {
    this.#up = value;
  }
  get up(): boolean {
    return this.#up;
  }
  /**
   * Throws `StoreUnavailableError` while down. Callers are `async` methods, so a caller sees a rejected promise
   * as from a real backend, never a synchronous throw; their bodies never `await`, so each call stays atomic.
   */
  check(): void {
    if (!this.#up) throw new StoreUnavailableError(this.store);
  }
}
