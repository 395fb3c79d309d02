import type { GatewayOutcome, MessageGateway, OutboundMessage } from "../../core/index.ts";

/** What a provider call can be made to suffer, at the k-th call of a tick. */
export const CALL_FAULTS = [
  "transport_before", // unreachable: the message never left
  "transport_after", // handed over, answer lost: outcome unknown to the engine
  "crash_before", // the worker process dies before the hand-over (its tick never returns)
  "crash_after", // the worker dies after the hand-over, before recording anything
  "pause", // a client pauses the campaign while the call is in flight
  "cancel",
  "pause_resume",
  "pause_resume_takeover", // …and another worker ticks at once
  "lease_takeover", // the clock passes the lease and another worker ticks
  "cancel_retry", // cancel, then retry the run being sent
  "suppress_next", // the next recipient of the batch opts out
  "early_dlr", // the delivery report beats the engine's record of the send
  "flags_down", // the flag store goes away
] as const;
export type CallFault = typeof CALL_FAULTS[number];

/** One call the engine made to the provider. */
export interface ProviderCall {
  readonly seq: number;
  readonly worker: string;
  readonly key: string;
  readonly runId: string;
  readonly recipientSeq: number;
  readonly to: string;
  /** Fence of the caller's claim on the run, when it has one. */
  readonly fence: number | null;
  /** `handed` once the simulated provider received it. */
  outcome: "attempted" | "handed" | "lost";
}

/** The world side of the probe: bookkeeping and the in-flight actions. */
export interface ProbeHost {
  startCall(worker: string, message: OutboundMessage): Promise<ProviderCall>;
  inFlight(worker: string, fault: CallFault, call: ProviderCall, outcome: GatewayOutcome): Promise<void>;
  /** Hands the message to the provider (through the race scheduler when there is one). */
  forward(message: OutboundMessage): Promise<GatewayOutcome>;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}
const deferred = (): Deferred => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** Thrown for the simulated transport failures; the engine must treat it as "provider unreachable". */
export class SimulatedTransportError extends Error {
  constructor(when: "before" | "after") {
    super(`model: provider unreachable (${when} the hand-over)`);
    this.name = "SimulatedTransportError";
  }
}

/**
 * The gateway one worker process sees: records every call, checks it when it starts, and applies the fault
 * armed for its k-th next call (in whatever tick that comes). A crash parks the call on a promise only `wake` releases,
 * so the worker's tick never returns (its claim stays behind) until the model decides it wakes up, stale.
 */
export class ProbeGateway implements MessageGateway {
  #plan: { readonly atCall: number; readonly fault: CallFault } | null = null;
  #calls = 0;
  #hang: Deferred | null = null;
  readonly #reached = deferred();

  constructor(private readonly worker: string, private readonly host: ProbeHost) {}

  /** Plans `fault` for the `atCall`-th provider call from now (replacing any plan not yet reached). */
  arm(atCall: number, fault: CallFault): void {
    this.#plan = { atCall, fault };
    this.#calls = 0;
  }

  /** Resolves when a crash fault parks a call. */
  get crashed(): Promise<void> {
    return this.#reached.promise;
  }

  /** Lets a parked call go on (the crashed worker wakes up). */
  wake(): void {
    this.#hang?.resolve();
  }

  async send(message: OutboundMessage): Promise<GatewayOutcome> {
    const n = ++this.#calls;
    const call = await this.host.startCall(this.worker, message);
    const fault = this.#plan?.atCall === n ? this.#plan.fault : null;
    if (fault) this.#plan = null;
    if (fault === "transport_before") throw new SimulatedTransportError("before");
    if (fault === "crash_before") await this.#park();
    const outcome = await this.host.forward(message);
    call.outcome = "handed";
    if (fault === "transport_after") {
      call.outcome = "lost";
      throw new SimulatedTransportError("after");
    }
    if (fault === "crash_after") await this.#park();
    else if (fault && fault !== "crash_before") await this.host.inFlight(this.worker, fault, call, outcome);
    return outcome;
  }

  async #park(): Promise<void> {
    this.#hang = deferred();
    this.#reached.resolve();
    await this.#hang.promise;
  }
}
