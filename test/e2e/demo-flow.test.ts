import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSmsParts } from "../../core/sms/part-counter.ts";
import { render } from "../../core/content/render.ts";
import { parseCsvContacts } from "../../adapters/http-koa/csv-contacts.ts";
import { LibphonenumberNormalizer } from "../../adapters/libphonenumber/libphonenumber-normalizer.ts";

/**
 * `npm start` + `npm run demo`, as a new user runs them: the real process on a temp SQLite file, the demo
 * script against it, and its printed numbers checked against an independent computation.
 */
const root = new URL("../../", import.meta.url).pathname;
const csvPath = join(root, "../shared/data/contacts-uk-fiction-2552.csv");
const dir = mkdtempSync(join(tmpdir(), "kampeni-demo-"));
let server: ChildProcess;
let port = 0;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  port = await freePort();
  server = spawn(process.execPath, ["--import", "tsx", "apps/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), SQLITE_PATH: join(dir, "k.db"), DEV_KEY_FILE: join(dir, "key"), LOG_LEVEL: "warn", SIMULATOR_DLR_DELAY_MS: "50" },
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("npm start did not answer /healthz within 30 s");
}, 60_000);

afterAll(() => {
  server?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

/** The estimate computed without the engine: parse, normalise, merge (last row wins), render, count. */
function expectedEstimate(body: string): number {
  const parsed = parseCsvContacts(readFileSync(csvPath, "utf8"));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const phones = new LibphonenumberNormalizer();
  const byPhone = new Map<string, { phone: string; name: string | null; attributes: Record<string, string> }>();
  for (const row of parsed.value) {
    const n = phones.normalize(row.phone, "GB");
    if (n.ok) byPhone.set(n.e164, { phone: n.e164, name: row.name ?? null, attributes: { ...row.attributes } });
  }
  let parts = 0;
  for (const contact of byPhone.values()) {
    const text = render(body, contact);
    if (text.ok) parts += countSmsParts(text.text).parts;
  }
  return parts;
}

describe("the demo flow", () => {
  it("imports 2,500 recipients, estimates the sum of parts of each rendered message, and sends all 2,500", async () => {
    const demo = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      PORT: String(port),
      DEV_KEY_FILE: join(dir, "key"),
      DEMO_CSV: csvPath,
    });
    expect(demo.code, demo.out).toBe(0);
    expect(demo.out).toContain("2552 rows: 2500 contacts stored, 12 rows rejected, 40 duplicates merged");
    const body = /body: "(.*)"/.exec(readFileSync(join(root, "scripts/demo.ts"), "utf8"))![1]!;
    const estimate = Number(/estimated cost: \{"SMS":(\d+)\}/.exec(demo.out)?.[1]);
    expect(estimate).toBe(expectedEstimate(body));
    expect(demo.out).toMatch(/completed\s+batch 3\/3\s+sent 2500\s+delivered \d+\s+failed 0\s+skipped 0\s+pending 0\s+of 2500/);
    expect(demo.out).toContain(`units reserved ${estimate}, consumed ${estimate}, refunded 0`);
  }, 120_000);
});
