/**
 * The plain-text table `run.ts` prints.
 * @module
 */
import { type BenchRow, passes } from "./bench-kit.ts";

const HEADER = ["bench", "n", "engine", "baseline", "unit", "wall eng/base ms", "ratio", "target", "result", "peak heap MiB", "peak RSS MiB", "note"];

/** Rows as an aligned table, numbers right-aligned. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    r.n.toLocaleString("en-US"),
    number(r.engine),
    number(r.baseline),
    r.unit,
    r.engineWall === null || r.baselineWall === null ? "-" : `${number(r.engineWall)} / ${number(r.baselineWall)}`,
    `${r.ratio.toFixed(2)}×`,
    `${r.higherIsBetter ? "≥" : "≤"} ${r.target}×`,
    passes(r) ? "PASS" : "FAIL",
    r.peakHeapMiB === 0 && r.peakRssMiB === 0 ? "-" : r.peakHeapMiB.toFixed(1),
    r.peakHeapMiB === 0 && r.peakRssMiB === 0 ? "-" : r.peakRssMiB.toFixed(1),
    r.note ?? "",
  ]);
  const all = [HEADER, ...cells];
  const widths = HEADER.map((_, c) => Math.max(...all.map((line) => line[c]!.length)));
  const left = new Set([0, 4, 11]);
  const format = (line: string[]) =>
    line.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [format(HEADER), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(format)].join("\n");
}

function number(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1);
}
