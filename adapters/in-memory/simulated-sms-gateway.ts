import type { GatewayOutcome, MessageGateway, OutboundMessage } from "../../core/ports/message-gateway.port.ts";

export interface SimulatorOptions {
  /** E.164 numbers the simulated provider rejects. */
  readonly failNumbers?: readonly string[];
  /** Delay of each provider call. */
  readonly latencyMs?: number;
  /** When set, each accepted message gets a DELIVERED report this long after acceptance. */
  readonly dlrDelayMs?: number | null;
  /** Receives delivery reports (the HTTP webhook's job in a real deployment). */
  readonly onDeliveryReport?: (providerMessageId: string, status: "DELIVERED" | "FAILED") => void | Promise<void>;
  /** Timer used for latency and reports; tests may pass a virtual one. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly schedule?: (ms: number, fn: () => void) => void;
  /**
   * Where the simulated provider remembers what it was handed, so that it honours idempotency keys across
   * restarts as a real provider does (and tests can count deliveries across processes).
   */
  readonly journal?: SimulatorJournal;
}

/** Durable memory of the simulated provider: one record per message handed over. */
export interface SimulatorJournal {
  load(): Iterable<SentRecord>;
  append(record: SentRecord): void;
}

export interface SentRecord extends OutboundMessage {
  readonly provider_message_id: string | null;
  readonly accepted: boolean;
}

/**
 * The embedded default provider: records what it was given, assigns provider ids, honours idempotency keys
 * (a repeated key returns the first outcome without sending again), rejects configured numbers, and can
 * send delivery reports after a delay.
 */
export class SimulatedSmsGateway implements MessageGateway {
  /** Every message actually handed over, in order (repeats of an idempotency key are not here). */
  readonly sent: SentRecord[] = [];
  /** Calls whose idempotency key had been seen before. */
  duplicateCalls = 0;
  /** Set to make calls throw as if the provider were unreachable. */
  unreachable = false;
  readonly #byKey = new Map<string, GatewayOutcome>();
  readonly #fail: Set<string>;
  #counter = 0;
  #calls = 0;
  /** Distinguishes the provider ids of several simulator processes. */
  readonly #instance = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");

  constructor(private readonly options: SimulatorOptions = {}) {
    this.#fail = new Set(options.failNumbers ?? []);
    for (const record of options.journal?.load() ?? []) {
      this.#byKey.set(
        record.idempotency_key,
        record.accepted && record.provider_message_id
          ? { accepted: true, provider_message_id: record.provider_message_id }
          : { accepted: false, error: "rejected by provider: number not reachable" },
      );
      this.#counter++;
    }
  }

  async send(message: OutboundMessage): Promise<GatewayOutcome> {
    if (this.options.latencyMs) await (this.options.sleep ?? realSleep)(this.options.latencyMs);
    // With no latency every call resolves at once; yield now and then so a server in the same process answers.
    else if (++this.#calls % 100 === 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (this.unreachable) throw new Error("simulated provider unreachable");
    const seen = this.#byKey.get(message.idempotency_key);
    if (seen) {
      this.duplicateCalls++;
      return seen;
    }
    const accepted = !this.#fail.has(message.to);
    const outcome: GatewayOutcome = accepted
      ? { accepted: true, provider_message_id: `sim-${this.#instance}-${(++this.#counter).toString(36).padStart(6, "0")}` }
      : { accepted: false, error: "rejected by provider: number not reachable" };
    this.#byKey.set(message.idempotency_key, outcome);
    const record: SentRecord = { ...message, accepted, provider_message_id: outcome.accepted ? outcome.provider_message_id : null };
    this.options.journal?.append(record);
    this.sent.push(record);
    if (outcome.accepted && this.options.dlrDelayMs != null && this.options.onDeliveryReport) {
      const report = this.options.onDeliveryReport;
      const id = outcome.provider_message_id;
      (this.options.schedule ?? realSchedule)(this.options.dlrDelayMs, () => void report(id, "DELIVERED"));
    }
    return outcome;
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const realSchedule = (ms: number, fn: () => void) => {
  setTimeout(fn, ms).unref?.();
};
