import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: every app is started from here, as `npm start` would be. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const ENTRIES = { main: "apps/main.ts", server: "apps/server/main.ts", worker: "apps/worker/main.ts" } as const;
const PROBE = fileURLToPath(new URL("./gateway-probe.ts", import.meta.url));
const TSX_CLI = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

/** One line the app printed: pino's JSON object, or `{ raw }` for anything else. */
export type AppLine = Record<string, unknown> & { readonly msg?: string; readonly raw?: string };

export interface AppProcessOptions {
  readonly app: keyof typeof ENTRIES;
  /** Shown in failure messages. */
  readonly name: string;
  /** Added to the test process's environment (NODE_OPTIONS is dropped). */
  readonly env: Readonly<Record<string, string>>;
  /** When set, the gateway probe appends every provider call of this process to this file. */
  readonly probeFile?: string;
  /**
   * `node` (default) runs `node --import tsx <entry>`, so the pid is the app's own; `tsx` runs the `tsx` CLI as
   * `npm start` does, which starts the app as its child (signals then go to the whole group).
   */
  readonly launcher?: "node" | "tsx";
}

/** Every child any process test started and has not seen exit: killed on `stopAll` and when vitest exits. */
const live = new Set<AppProcess>();
process.once("exit", () => {
  for (const child of live) child.killGroup("SIGKILL");
});

/**
 * A real app process, leader of its own process group so that a signal can reach it and anything it started.
 * Its stdout is parsed line by line (pino JSON).
 */
export class AppProcess {
  readonly lines: AppLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  #waiters: (() => void)[] = [];

  private constructor(readonly options: AppProcessOptions) {
    const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
    const probe = options.probeFile ? ["--import", PROBE] : [];
    const [command, args] = options.launcher === "tsx"
      ? [TSX_CLI, [...probe, ENTRIES[options.app]]]
      : [process.execPath, ["--import", "tsx", ...probe, ENTRIES[options.app]]];
    this.#child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...inherited, ...options.env, ...(options.probeFile ? { KAMPENI_TEST_PROBE_FILE: options.probeFile } : {}) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(this);
    this.exited = new Promise((resolve) => {
      this.#child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        this.#notify();
        resolve(this.#exit);
      });
    });
    let pending = "";
    this.#child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (pending + chunk).split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) if (part.trim()) this.lines.push(parseLine(part));
      this.#notify();
    });
    this.#child.stderr!.setEncoding("utf8").on("data", (chunk: string) => void this.stderr.push(chunk));
  }

  /** Starts the app and returns at once, before it is ready. */
  static spawn(options: AppProcessOptions): AppProcess {
    return new AppProcess(options);
  }

  /** Starts the app; resolves once it logged that it is ready (rejects if it exits or hangs first). */
  static async start(options: AppProcessOptions, readyTimeoutMs = 30_000): Promise<AppProcess> {
    const app = new AppProcess(options);
    await app.waitForLog((l) => typeof l.msg === "string" && l.msg.includes("is ready"), readyTimeoutMs);
    return app;
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  get running(): boolean {
    return this.#exit === null;
  }

  /** The port the server part listens on (it logs it when ready; start with PORT=0 for a free one). */
  get port(): number {
    const ready = this.lines.find((l) => typeof l.port === "number");
    if (!ready) throw new Error(`${this.options.name} logged no port`);
    return ready.port as number;
  }

  /** Resolves with the first line (already seen or to come) matching `match`; rejects on exit or timeout. */
  async waitForLog(match: (line: AppLine) => boolean, timeoutMs: number): Promise<AppLine> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.#exit) throw new Error(`${this.options.name} exited (${JSON.stringify(this.#exit)}) first:\n${this.tail()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.options.name}: no matching log line within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Log lines whose message contains `text`. */
  logged(text: string): AppLine[] {
    return this.lines.filter((l) => typeof l.msg === "string" && l.msg.includes(text));
  }

  /** Sends `signal` to the whole process group (no-op once it exited). */
  killGroup(signal: NodeJS.Signals): void {
    if (this.#exit || this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** SIGKILLs the group and resolves once the process is gone. */
  async kill(): Promise<void> {
    this.killGroup("SIGKILL");
    await this.exited;
  }

  /** The last lines of its output, for failure messages. */
  tail(n = 30): string {
    const out = this.lines.slice(-n).map((l) => l.raw ?? JSON.stringify(l));
    return [...out, ...this.stderr.slice(-5)].join("\n");
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Kills every app process still running (for `afterAll`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => child.kill()));
}

function parseLine(line: string): AppLine {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === "object") return parsed as AppLine;
  } catch {
    // Not JSON: the dev key banner or a stray print.
  }
  return { raw: line };
}
