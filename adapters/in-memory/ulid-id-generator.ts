import type { Clock } from "../../core/ports/clock.port.ts";
import type { IdGenerator } from "../../core/ports/id-generator.port.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Monotonic ULIDs (Crockford base32: 48-bit time + 80-bit randomness). Within one millisecond the random
 * part is incremented, so ids from one generator always sort in creation order.
 */
export class UlidIdGenerator implements IdGenerator {
  #lastTime = -1;
  #lastRandom: Uint8Array<ArrayBuffer> = new Uint8Array(10);

  constructor(
    private readonly clock: Clock,
    private readonly fillRandom: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b),
  ) {}

  next(prefix: "camp" | "run" | "grp" | "msg" | "req" | "ws"): string {
    return `${prefix}_${this.ulid()}`;
  }

  ulid(): string {
    const time = Math.max(this.clock.now(), this.#lastTime);
    if (time === this.#lastTime) {
      increment(this.#lastRandom);
    } else {
      this.fillRandom(this.#lastRandom);
      this.#lastTime = time;
    }
    return encodeTime(time) + encodeRandom(this.#lastRandom);
  }
}

function encodeTime(time: number): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters, most significant first.
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function increment(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const v = bytes[i]! + 1;
    bytes[i] = v & 0xff;
    if (v <= 0xff) return;
  }
}
