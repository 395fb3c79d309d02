import { createClient } from "redis";
import { StoreUnavailableError } from "../../core/domain/result.ts";
import type { FlagStore, RunFlags } from "../../core/ports/flag-store.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import { DEFAULT_KEY_PREFIX, DEFAULT_PAUSE_TTL_SECONDS, runFlagKeys } from "./flag-keys.ts";
import { DEFAULT_MAX_RECONNECT_DELAY_MS, reconnectDelay } from "./reconnect-backoff.ts";
import { toStoreFault } from "./redis-faults.ts";

const STORE = "flag store";
const FLAG = "1";

/** Options of {@link RedisFlagStore.connect}; every field has a default. */
export interface RedisFlagStoreOptions {
  /** Prepended to every key (default `"kampeni:"`). */
  readonly keyPrefix?: string;
  /** Receives connection loss and recovery; without one the store is silent. */
  readonly logger?: Logger;
  /** A command without a reply after this long rejects (default 1000 ms); also bounds each connect attempt. */
  readonly commandTimeoutMs?: number;
  /** How long `connect` waits for the first connection before it gives up (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** Expiry of pause flags in seconds (default 30 days); `null` keeps them until cleared. Cancel flags never expire. */
  readonly pauseTtlSeconds?: number | null;
  /** Cap of the reconnect backoff (default 2000 ms). */
  readonly maxReconnectDelayMs?: number;
}

/** Fail-closed client: no offline queue, a timeout on every command (sent or not), reconnects for ever. */
function createFlagClient(url: string, options: RedisFlagStoreOptions) {
  const commandTimeout = options.commandTimeoutMs ?? 1000;
  const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
  return createClient({
    url,
    disableOfflineQueue: true,
    // rejectInFlight is safe here: every command this store sends is idempotent.
    commandOptions: { timeout: commandTimeout, rejectInFlight: true },
    socket: {
      connectTimeout: commandTimeout,
      reconnectStrategy: (retries: number) => reconnectDelay(retries, maxDelay, Math.random()),
    },
  });
}

type Client = ReturnType<typeof createFlagClient>;

/**
 * {@link FlagStore} on Redis with node-redis 6. Keys: `<prefix>run:<run_id>:paused` (expires after
 * `pauseTtlSeconds`) and `<prefix>run:<run_id>:cancelled` (never expires); the value is `"1"`, presence is the flag.
 *
 * Fails closed: the offline queue is off and every command carries a timeout that also covers a command already
 * sent, so while Redis is unreachable each call rejects within about `commandTimeoutMs` with
 * `StoreUnavailableError` instead of hanging or reading as "no flag". The client keeps reconnecting in the
 * background with a bounded backoff; calls succeed again once Redis answers. Client errors go to the logger,
 * never to an unhandled `'error'` event.
 */
export class RedisFlagStore implements FlagStore {
  readonly #client: Client;
  readonly #prefix: string;
  readonly #pauseTtl: number | null;
  readonly #log: Logger | undefined;
  #connected = false;

  private constructor(client: Client, options: RedisFlagStoreOptions) {
    this.#client = client;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.#pauseTtl = options.pauseTtlSeconds === undefined ? DEFAULT_PAUSE_TTL_SECONDS : options.pauseTtlSeconds;
    this.#log = options.logger?.child({ component: "redis-flag-store" });
    client.on("error", (error: unknown) => this.#onError(error));
    client.on("ready", () => this.#onReady());
  }

  /**
   * Connects to `url` (`redis[s]://[[user][:password]@]host[:port][/db]`) and resolves once Redis answers.
   * Rejects with `StoreUnavailableError` if no connection is ready within `connectTimeoutMs`, so a process does
   * not start against a Redis it cannot reach.
   */
  static async connect(url: string, options: RedisFlagStoreOptions = {}): Promise<RedisFlagStore> {
    const store = new RedisFlagStore(createFlagClient(url, options), options);
    await store.#open(options.connectTimeoutMs ?? 5000);
    return store;
  }

  async #open(timeoutMs: number): Promise<void> {
    const connecting = this.#client.connect();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([connecting, expired]);
    } catch (error) {
      connecting.catch(() => undefined); // destroy() below rejects it; nobody else awaits it
      this.#client.destroy();
      throw new StoreUnavailableError(STORE, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection after pending commands settle and stops reconnecting. Idempotent. */
  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.close();
  }

  /** Rejects with `StoreUnavailableError` unless Redis answers now: for health checks. */
  async ping(): Promise<void> {
    await this.#call(() => this.#client.ping());
  }

  async setPaused(runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return this.#assertReady();
    const ttl = this.#pauseTtl;
    const options = ttl === null ? {} : { expiration: { type: "EX" as const, value: ttl } };
    // SET ... EX has no multi-key form; MULTI/EXEC sends every SET in one write (one round trip), all or none.
    await this.#call(() => {
      const tx = this.#client.multi();
      for (const id of runIds) tx.set(runFlagKeys(this.#prefix, id).paused, FLAG, options);
      return tx.exec();
    });
  }

  async clearPaused(runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return this.#assertReady();
    await this.#call(() => this.#client.del(runIds.map((id) => runFlagKeys(this.#prefix, id).paused)));
  }

  async setCancelled(runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return this.#assertReady();
    await this.#call(() => this.#client.mSet(runIds.flatMap((id) => [runFlagKeys(this.#prefix, id).cancelled, FLAG])));
  }

  async read(runId: string): Promise<RunFlags> {
    const keys = runFlagKeys(this.#prefix, runId);
    const [paused, cancelled] = await this.#call(() => this.#client.mGet([keys.paused, keys.cancelled]));
    return { paused: paused != null, cancelled: cancelled != null };
  }

  /** An empty call sends nothing, yet still reports an outage, like every other call. */
  #assertReady(): void {
    if (!this.#client.isReady) throw new StoreUnavailableError(STORE);
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toStoreFault(STORE, error);
    }
  }

  #onError(error: unknown): void {
    // One warning per outage; the retries that follow are debug noise.
    const fields = { err: error instanceof Error ? error.message : String(error) };
    if (this.#connected) this.#log?.warn(fields, "lost the Redis connection; flag calls fail until it reconnects");
    else this.#log?.debug(fields, "Redis connection attempt failed");
    this.#connected = false;
  }

  #onReady(): void {
    this.#log?.info({}, "connected to Redis");
    this.#connected = true;
  }
}
