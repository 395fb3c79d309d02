import type { Clock } from "../../core/ports/clock.port.ts";

/** A clock that moves only when told to: tests run in virtual time. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string = "2026-01-01T00:00:00.000Z") {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }
  now(): number {
    return this.#now;
  }
  set(at: number | string): void {
    this.#now = typeof at === "number" ? at : Date.parse(at);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

/** Wall-clock time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
