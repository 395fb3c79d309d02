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
  /** Throws `StoreUnavailableError` while down. */
  check(): void {
    if (!this.#up) throw new StoreUnavailableError(this.store);
  }
}
