import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SentRecord, SimulatorJournal } from "../../adapters/in-memory/index.ts";

/**
 * The simulated provider's memory in a JSON-lines file (SIMULATOR_LOG_FILE): it survives restarts, so the
 * simulator honours idempotency keys across them, and several processes can append to one file.
 */
export function fileJournal(path: string): SimulatorJournal {
  mkdirSync(dirname(path), { recursive: true });
  return {
    load: () => {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        return [];
      }
      // A line cut short by a crash is not a record.
      return text.split("\n").flatMap((line) => {
        try {
          return line ? [JSON.parse(line) as SentRecord] : [];
        } catch {
          return [];
        }
      });
    },
    append: (record) => appendFileSync(path, `${JSON.stringify(record)}\n`),
  };
}
