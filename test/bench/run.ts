/**
 * `npm run bench`: runs every bench in its own Node process (with `--expose-gc`, so each can collect garbage
 * before it measures, and so no bench's heap, RSS or JIT state colours another's), then prints one table and
 * exits 1 if any ratio misses its target. Benches run one after another: running them side by side would make
 * each the other's noise. `BENCH_ONLY=send,claim` runs a subset.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BenchRow, passes } from "./bench-kit.ts";
import { formatTable } from "./format-table.ts";

const BENCHES = [
  "send-throughput.bench.ts",
  "validate-estimate.bench.ts",
  "contact-import.bench.ts",
  "dispatch-memory.bench.ts",
  "claim-contention.bench.ts",
];

/** Runs one bench file; resolves with the rows it printed, rejects when it fails or prints none. */
function runBench(file: string): Promise<BenchRow[]> {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", path], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_ROWS "));
      if (code !== 0 || !line) reject(new Error(`${file} exited with ${code}${line ? "" : " without printing its rows"}`));
      else resolve(JSON.parse(line.slice("BENCH_ROWS ".length)) as BenchRow[]);
    });
  });
}

async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  const selected = only ? BENCHES.filter((b) => only.some((o) => b.startsWith(o))) : BENCHES;
  const rows: BenchRow[] = [];
  let crashed = 0;
  const began = performance.now();
  for (const file of selected) {
    const t = performance.now();
    try {
      rows.push(...(await runBench(file)));
      process.stderr.write(`  ${file}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      crashed++;
      process.stderr.write(`  ${file}: FAILED TO RUN: ${(error as Error).message}\n`);
    }
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  const failed = rows.filter((r) => !passes(r)).length;
  process.stdout.write(
    `\n${rows.length - failed}/${rows.length} targets met` +
      `${crashed > 0 ? `, ${crashed} bench(es) failed to run` : ""}; ${((performance.now() - began) / 1000).toFixed(0)} s in all\n`,
  );
  return failed > 0 || crashed > 0 ? 1 : 0;
}

process.exitCode = await main();
