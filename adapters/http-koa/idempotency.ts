import { createHash } from "node:crypto";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.port.ts";
import type { Envelope } from "./envelope.ts";
import { accept, type Checked, problem, type Reply, reject } from "./errors.ts";
import { envelopeOf } from "./respond.ts";

/** Replays live for 24 hours (SPEC §1). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

/** The request facts an idempotency key is bound to. */
export interface IdempotentRequest {
  readonly scope: string;
  readonly key: string;
  readonly method: string;
  /** Path with query string: `?region=` changes what an import does. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** What to send for a keyed request: its own response, a replay of the first one, or a key conflict. */
export interface Outcome {
  readonly status: number;
  readonly envelope: Envelope;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * `Idempotency-Key` handling over the port. Decisions: the key is optional and enforced when present;
 * it is scoped per workspace; the fingerprint covers method, path with query, content type and the raw
 * body bytes; only responses below 500 are stored (a 5xx means "nothing happened, try again"); a replay
 * sends the first status and envelope with this request's own `request_id` (the first one is in the
 * `Idempotent-Replayed-Request-Id` header). Concurrent duplicates in one process are serialised by a
 * lock; across processes the port's conditional `put` keeps the first record, though both may execute.
 */
export class IdempotencyGuard {
  readonly #locks = new Map<string, Promise<void>>();

  constructor(private readonly store: IdempotencyStore, private readonly clock: Clock) {}

  /** Validates the header value: 1–255 visible ASCII characters. */
  static checkKey(raw: string): Checked<string | null> {
    if (raw === "") return accept(null);
    if (raw.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(raw)) {
      return reject(problem("VALIDATION_FAILED", "Idempotency-Key must be 1-255 visible ASCII characters", "Idempotency-Key"));
    }
    return accept(raw);
  }

  /**
   * Runs `execute` at most once per (scope, key) and gives what to send: a live record with the same
   * fingerprint is replayed, one with another fingerprint is a 409, otherwise the request executes and
   * its response is stored before the lock is released.
   */
  async run(request: IdempotentRequest, requestId: string, execute: () => Promise<Reply>): Promise<Outcome> {
    return this.#exclusive(`${request.scope}\u0000${request.key}`, async () => {
      const fingerprint = fingerprintOf(request);
      const notBefore = this.clock.now() - IDEMPOTENCY_TTL_MS;
      const existing = await this.store.get(request.scope, request.key, notBefore);
      if (existing !== null) {
        if (existing.fingerprint !== fingerprint) {
          const reply = problem("CONFLICT", "Idempotency-Key was already used with a different request", "Idempotency-Key");
          return { status: reply.status, envelope: envelopeOf(reply, requestId), headers: {} };
        }
        const first = JSON.parse(existing.body) as Envelope;
        return {
          status: existing.status,
          envelope: { ...first, request_id: requestId },
          headers: { "Idempotent-Replayed": "true", "Idempotent-Replayed-Request-Id": first.request_id },
        };
      }
      const reply = await execute();
      const envelope = envelopeOf(reply, requestId);
      if (reply.status < 500) {
        const now = this.clock.now();
        await this.store.put(
          { workspace_id: request.scope, key: request.key, fingerprint, status: reply.status, body: JSON.stringify(envelope), created_at: now },
          now - IDEMPOTENCY_TTL_MS,
        );
      }
      return { status: reply.status, envelope, headers: reply.headers ?? {} };
    });
  }

  async #exclusive<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(lockKey) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => current);
    this.#locks.set(lockKey, chained);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#locks.get(lockKey) === chained) this.#locks.delete(lockKey);
    }
  }
}

function fingerprintOf(r: IdempotentRequest): string {
  const hash = createHash("sha256");
  const mediaType = (r.contentType.split(";")[0] ?? "").trim().toLowerCase();
  hash.update(`${r.method.toUpperCase()} ${r.url}\n${mediaType}\n`);
  hash.update(r.body);
  return hash.digest("hex");
}
