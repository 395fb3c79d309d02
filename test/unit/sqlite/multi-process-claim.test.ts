import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStores, type SqliteStores } from "../../../adapters/sqlite/index.ts";
import type { Run } from "../../../core/domain/model.ts";
import { aRun, T0 } from "../../../testkit/contract/fixtures.ts";

const CONTENDER = fileURLToPath(new URL("../../support/sqlite-contender.ts", import.meta.url));
const PROCESSES = 3;
const RUNS = 200;
/** Each process tries 50 reserves of 10 units against 1000: exactly 100 can succeed in all. */
const RESERVES_EACH = 50;

/** One line a contender printed: a claim ({run_id, fence, started}) or a reserve ({run_id, outcome}). */
interface Line {
  readonly run_id: string;
  readonly fence?: number;
  readonly started?: boolean;
  readonly outcome?: string;
}

interface Contender {
  readonly child: ChildProcess;
  readonly lines: Line[];
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
}

function startContender(args: string[]): Contender {
  const child = spawn(process.execPath, ["--import", "tsx", CONTENDER, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: Line[] = [];
  let buffered = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) {
      const parsed = JSON.parse(line) as Line | { ready: string };
      if ("ready" in parsed) markReady();
      else lines.push(parsed);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, lines, ready, exited };
}

// Process start-up (tsx) dominates the time, so one race serves both tests.
describe("several processes sharing one SQLite file", () => {
  let dir: string;
  let stores: SqliteStores;
  let runs: Run[];
  let contenders: Contender[];
  let exitCodes: (number | null)[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kampeni-sqlite-"));
    const path = join(dir, "shared.db");
    stores = openSqliteStores(path);
    runs = Array.from({ length: RUNS }, (_, i) => aRun({ status: "scheduled", scheduled_at: T0 - 1000 + i }));
    for (const run of runs) await stores.runs.insert(run);
    await stores.ledger.credit("ws_race", 1000, "initial");

    contenders = Array.from({ length: PROCESSES }, (_, i) =>
      startContender([path, `p${i}`, String(T0), "ws_race", String(RESERVES_EACH), "10"]));
    // Release them only once every process has the database open, so the claims really overlap.
    await Promise.all(contenders.map((c) => c.ready));
    for (const c of contenders) c.child.stdin!.end("go\n");
    exitCodes = await Promise.all(contenders.map((c) => c.exited));
  });

  afterAll(async () => {
    await stores?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("every process exits cleanly", () => {
    expect(exitCodes).toEqual(contenders.map(() => 0));
  });

  it("claim each of 200 due runs exactly once, and each claim's fenced write succeeds", async () => {
    const claims = contenders.flatMap((c, i) =>
      c.lines.filter((line) => "fence" in line).map((line) => ({ ...line, owner: `p${i}` })));
    expect(claims).toHaveLength(RUNS);
    expect(new Set(claims.map((c) => c.run_id))).toEqual(new Set(runs.map((r) => r.run_id)));
    expect(claims.every((c) => c.fence === 1 && c.started === true)).toBe(true);
    for (const claim of claims) {
      const stored = await stores.runs.get(claim.run_id);
      expect(stored).toMatchObject({ status: "running", fence: 1, lease: { owner: claim.owner } });
    }
  });

  it("concurrent reserves from several processes never overdraw the balance", async () => {
    const outcomes = contenders.flatMap((c) => c.lines.filter((line) => "outcome" in line).map((line) => line.outcome));
    expect(outcomes).toHaveLength(PROCESSES * RESERVES_EACH);
    expect(outcomes.filter((o) => o === "reserved")).toHaveLength(100);
    expect(await stores.ledger.balance("ws_race")).toBe(0);
  });
});
