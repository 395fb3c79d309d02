import fc from "fast-check";
import { checkAlways } from "./invariants.ts";
import type { ModelWorld } from "./world.ts";

/** The model fast-check checks preconditions against: only what decides whether a command makes sense. */
export interface EngineModel {
  campaigns: number;
  groups: number;
  hung: number;
  flagsUp: boolean;
  canCutFlags: boolean;
  providerUp: boolean;
}

/** One kind of command: how its arguments are generated, when it applies, and what it does. */
export interface Step<A> {
  readonly arb: fc.Arbitrary<A>;
  readonly check?: (m: EngineModel) => boolean;
  readonly run: (w: ModelWorld, args: A) => Promise<void>;
}

export const step = <A>(s: Step<A>): Step<A> => s;

/** A target index, biased toward the first few (campaign #0 is the fixture's ready one). */
export const targetIndex = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat() });

export const hasCampaign = (m: EngineModel) => m.campaigns > 0;
export const hasGroup = (m: EngineModel) => m.groups > 0;

/** `list[i mod length]`, or undefined for an empty list: commands pick targets by index. */
export const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

export function modelOf(w: ModelWorld): EngineModel {
  return {
    campaigns: w.campaigns.length,
    groups: w.groups.length,
    hung: w.hung.length,
    flagsUp: w.flagsUp,
    canCutFlags: w.controls.setFlagsUp !== undefined,
    providerUp: !w.sim.unreachable,
  };
}

/** Arguments as one line; a race's scheduler prints its own replayable ordering. */
function show(args: unknown): string {
  if (args === null || typeof args !== "object") return JSON.stringify(args) ?? "";
  const parts = Object.entries(args).map(([k, v]) => {
    const text = v !== null && typeof v === "object" && "waitFor" in v ? String(v) : JSON.stringify(v);
    return `${JSON.stringify(k)}:${text}`;
  });
  return `{${parts.join(",")}}`;
}

/** A generated command: runs its step, then checks every invariant that holds after every command. */
export class StepCommand implements fc.AsyncCommand<EngineModel, ModelWorld> {
  constructor(readonly name: string, readonly step: Step<unknown>, readonly args: unknown) {}

  check(m: Readonly<EngineModel>): boolean {
    return this.step.check?.(m) ?? true;
  }

  async run(m: EngineModel, w: ModelWorld): Promise<void> {
    w.tally.command(this.name);
    await this.step.run(w, this.args);
    await checkAlways(w);
    Object.assign(m, modelOf(w));
  }

  toString(): string {
    return `${this.name} ${show(this.args)}`;
  }
}
