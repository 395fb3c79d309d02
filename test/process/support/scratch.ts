import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory for one test file's database, journals and probe files; removed by `remove`. */
export interface Scratch {
  readonly dir: string;
  path(name: string): string;
  remove(): void;
}

/** Creates a fresh directory under the OS temp dir, named after `label`. */
export function scratch(label: string): Scratch {
  const dir = mkdtempSync(join(tmpdir(), `kampeni-${label}-`));
  return {
    dir,
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An API key (16+ characters) for workspace `ws_proc`, as CAMPAIGN_API_KEYS wants it. */
export const API_KEY = "process-test-key-0123456789";

/**
 * The environment every app in these tests shares: SQLite on the scratch file, quick pickup, no delivery
 * reports (they would race the counters being checked), a free port, keys and dev files kept in the scratch dir.
 */
export function appEnv(s: Scratch, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    STORE: "sqlite",
    SQLITE_PATH: s.path("kampeni.db"),
    FLAGS: "memory",
    PORT: "0",
    HOST: "127.0.0.1",
    DEFAULT_REGION: "GB",
    CAMPAIGN_API_KEYS: `${API_KEY}:ws_proc`,
    DEV_KEY_FILE: s.path("dev-api-key"),
    PICKUP_INTERVAL_MS: "50",
    SIMULATOR_DLR_DELAY_MS: "off",
    LOG_LEVEL: "info",
    ...overrides,
  };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined; throws `describe()` on timeout. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string, everyMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
