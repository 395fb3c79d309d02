import type { ModelCoverage } from "./types.ts";

/** Counts what the generated sequences actually did, across every sequence of one run. */
export class CoverageTally {
  sequences = 0;
  readonly #commands = new Map<string, number>();
  readonly #events = new Map<string, number>();

  command(name: string): void {
    this.#commands.set(name, (this.#commands.get(name) ?? 0) + 1);
  }

  event(name: string, by = 1): void {
    this.#events.set(name, (this.#events.get(name) ?? 0) + by);
  }

  summary(): ModelCoverage {
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    return { sequences: this.sequences, commands: sorted(this.#commands), events: sorted(this.#events) };
  }
}

/** A table of a coverage summary, one `name count` per line, for a DEEP run's output. */
export function formatCoverage(label: string, c: ModelCoverage): string {
  const lines = [`${label}: ${c.sequences} sequences`, "  commands:"];
  for (const [k, v] of Object.entries(c.commands)) lines.push(`    ${k.padEnd(28)} ${v}`);
  lines.push("  events:");
  for (const [k, v] of Object.entries(c.events)) lines.push(`    ${k.padEnd(28)} ${v}`);
  return lines.join("\n");
}
