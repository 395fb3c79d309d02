// Layer rules: imports point inward (apps -> adapters -> core). Run by `npm run lint`:
//   depcruise core adapters apps --config .dependency-cruiser.cjs
// Type-only imports count too (tsPreCompilationDeps), so a port cannot borrow a type from an adapter.

/** Tests beside sources (if any) may import vitest; the layer rules are about shipped code. */
const TESTS = "\\.test\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-only-core",
      comment: "core/ is dependency-free and Deno-compatible: it imports nothing outside core/ (no npm, no adapters, no apps).",
      severity: "error",
      from: { path: "^core/", pathNot: TESTS },
      to: { pathNot: "^core/" },
    },
    {
      name: "core-no-node-builtins",
      comment: "core/ uses Web-standard APIs only: no node: built-ins.",
      severity: "error",
      from: { path: "^core/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "adapters-not-to-apps",
      comment: "Adapters are wired by apps, never the other way round.",
      severity: "error",
      from: { path: "^adapters/" },
      to: { path: "^apps/" },
    },
    {
      name: "adapters-not-to-other-adapters",
      comment: "An adapter may reuse the in-memory adapters, but no other adapter.",
      severity: "error",
      from: { path: "^adapters/([^/]+)/" },
      to: { path: "^adapters/", pathNot: "^adapters/($1|in-memory)/" },
    },
    {
      name: "in-memory-adapters-only-core",
      comment: "In-memory adapters are the reference implementations: they import only core/ (and each other).",
      severity: "error",
      from: { path: "^adapters/in-memory/", pathNot: TESTS },
      to: { pathNot: "^(core|adapters/in-memory)/" },
    },
    {
      name: "only-tests-import-tests",
      comment: "Nothing outside test/ imports from test/.",
      severity: "error",
      from: { pathNot: "^test/" },
      to: { path: "^test/" },
    },
    {
      name: "only-tests-import-testkit",
      comment: "testkit/ (the exported contract suites) runs under vitest: shipped code never imports it.",
      severity: "error",
      from: { pathNot: "^(test|testkit)/" },
      to: { path: "^testkit/" },
    },
    {
      name: "no-circular",
      comment: "Circular dependency: invert one of the edges (usually through a port).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "The import does not resolve to a file on disk or an installed package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-non-package-json",
      comment: "The npm package is not declared in package.json.",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|data|coverage|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
