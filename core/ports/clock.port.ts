import type { Millis } from "../domain/model.ts";

/** The only source of "now" in the core. Tests drive a controllable clock instead of sleeping. */
export interface Clock {
  /** Current time, epoch milliseconds UTC. */
  now(): Millis;
}
