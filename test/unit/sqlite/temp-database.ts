import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A private temporary directory for database files, and its removal. */
export function tempDir(): { readonly dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "kampeni-sqlite-"));
  return {
    dir,
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
