import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Globals that exist in Node but not in a Web-standard runtime. */
const NODE_GLOBALS = new Set(["process", "Buffer", "require", "module", "__dirname", "__filename", "global"]);
const BUILTINS = new Set(builtinModules);

/**
 * Lists every way `source` (the text of `file`, a path relative to the repository root) breaks the
 * core's purity rules, as `file:line: reason`. Reads the TypeScript syntax tree rather than the raw
 * text so that comments and strings mentioning `process` or `Date.now()` are not findings.
 */
function findImpurities(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: string[] = [];
  const report = (node: ts.Node, reason: string): void => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    findings.push(`${file}:${line}: ${reason}`);
  };

  const checkSpecifier = (node: ts.Node, specifier: string): void => {
    const bare = specifier.replace(/^node:/, "").split("/")[0] ?? "";
    if (specifier.startsWith("node:") || BUILTINS.has(bare)) return report(node, `imports Node built-in "${specifier}"`);
    if (!specifier.startsWith("./") && !specifier.startsWith("../")) return report(node, `imports package "${specifier}"`);
    if (!specifier.endsWith(".ts")) return report(node, `relative import "${specifier}" does not end in .ts`);
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (!target.startsWith("core/")) report(node, `imports "${specifier}" from outside core/`);
  };

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) checkSpecifier(node, node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      report(node, "uses import = require()");
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) checkSpecifier(node, arg.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(node, "uses a dynamic import()");
    } else if (ts.isNewExpression(node) && isIdentifier(node.expression, "Date") && !node.arguments?.length) {
      report(node, "calls new Date() without an argument: read the Clock port");
    } else if (ts.isCallExpression(node) && isIdentifier(node.expression, "Date")) {
      report(node, "calls Date(): read the Clock port");
    } else if (ts.isPropertyAccessExpression(node)) {
      const owner = node.expression.getText(sf);
      const name = node.name.text;
      if (owner === "Date" && name === "now") report(node, "uses Date.now(): read the Clock port");
      if (owner === "Math" && name === "random") report(node, "uses Math.random(): randomness comes through a port");
      if (name === "randomUUID") report(node, "uses randomUUID(): ids come from the IdGenerator port");
      if (owner === "globalThis" && NODE_GLOBALS.has(name)) report(node, `uses Node global "${name}"`);
    } else if (ts.isIdentifier(node)) {
      if (NODE_GLOBALS.has(node.text) && !isMemberName(node)) report(node, `uses Node global "${node.text}"`);
      if (node.text === "randomUUID" && !isMemberName(node)) report(node, "uses randomUUID(): ids come from the IdGenerator port");
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function isIdentifier(node: ts.Node, text: string): boolean {
  return ts.isIdentifier(node) && node.text === text;
}

/** `x.process`, `{ process: 1 }`, `process() {}`: a name on something else, not the global. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return false;
  return "name" in parent && (parent as { name?: ts.Node }).name === node;
}

/** Core source files (not tests), as paths relative to the repository root. */
function coreSourceFiles(): string[] {
  return readdirSync(path.join(ROOT, "core"), { recursive: true, encoding: "utf8" })
    .map((f) => `core/${f.split(path.sep).join("/")}`)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
}

describe("the core purity checker", () => {
  const bad: Array<[string, string, string]> = [
    ["an npm import", `import { z } from "zod";`, `imports package "zod"`],
    ["a type-only npm import", `import type { Context } from "koa";`, `imports package "koa"`],
    ["a node: import", `import fs from "node:fs";`, `Node built-in "node:fs"`],
    ["a bare built-in import", `import { EventEmitter } from "events";`, `Node built-in "events"`],
    ["a re-export from a package", `export { z } from "zod";`, `imports package "zod"`],
    ["an import type expression", `export type T = import("zod").ZodType;`, `imports package "zod"`],
    ["an extensionless relative import", `import { ok } from "./result";`, `does not end in .ts`],
    ["a .js relative import", `import { ok } from "./result.js";`, `does not end in .ts`],
    ["an import escaping core", `import { x } from "../../adapters/in-memory/clock.ts";`, `from outside core/`],
    ["a dynamic import", `export const m = () => import("./model.ts");`, `dynamic import()`],
    ["process", `export const env = process.env.HOME;`, `Node global "process"`],
    ["globalThis.process", `export const p = globalThis.process;`, `Node global "process"`],
    ["Buffer as a value", `export const b = Buffer.from("x");`, `Node global "Buffer"`],
    ["Buffer as a type", `export type B = Buffer;`, `Node global "Buffer"`],
    ["require", `const x = require("fs");`, `Node global "require"`],
    ["Date.now()", `export const t = Date.now();`, `Date.now()`],
    ["new Date()", `export const d = new Date();`, `new Date() without an argument`],
    ["new Date without parentheses", `export const d = new Date;`, `new Date() without an argument`],
    ["Math.random()", `export const r = Math.random();`, `Math.random()`],
    ["crypto.randomUUID()", `export const id = crypto.randomUUID();`, `randomUUID()`],
    ["a shorthand process", `export const o = { process };`, `Node global "process"`],
  ];

  test.each(bad)("flags %s", (_what, source, reason) => {
    const findings = findImpurities("core/domain/sample.ts", source);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.join("\n")).toContain(reason);
  });

  test("reports the file and line of each finding", () => {
    const source = `import type { A } from "./a.ts";\n\nexport const t = Date.now();\n`;
    expect(findImpurities("core/x.ts", source)).toEqual(["core/x.ts:3: uses Date.now(): read the Clock port"]);
  });

  test("accepts pure code, and mentions of the banned names in comments, strings or members", () => {
    const source = [
      `import type { RunStatus } from "../domain/model.ts";`,
      `export { ok } from "./result.ts";`,
      `// Never call Date.now() or process.exit() here; new Date() is banned too.`,
      `export const msg = "Math.random() and require('fs') are not used";`,
      `export const at = (ms: number): Date => new Date(ms);`,
      `export const parsed = new Date("2024-01-01T00:00:00Z");`,
      `export class Worker { process(batch: readonly RunStatus[]) { return batch.length; } }`,
      `export const job = { process: 1, buffer: 2 };`,
      `export const n = (w: Worker) => w.process([]);`,
      `export const id = (ids: { next(): string }) => ids.next();`,
    ].join("\n");
    expect(findImpurities("core/use-cases/sample.ts", source)).toEqual([]);
  });
});

describe("core/", () => {
  const files = coreSourceFiles();

  test("the walk finds the core sources", () => {
    expect(files).toContain("core/domain/run-state.ts");
  });

  test("every core file imports only core .ts files and uses no Node globals, clock or randomness", () => {
    const findings = files.flatMap((f) => findImpurities(f, readFileSync(path.join(ROOT, f), "utf8")));
    expect(findings).toEqual([]);
  });
});
