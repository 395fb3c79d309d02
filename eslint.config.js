// ESLint flat config. The core-purity block mirrors the hard rules of `core/` (see STYLE.md);
// dependency-cruiser, `deno check`/`deno lint` and test/unit/architecture prove the same from other angles.
import { defineConfig, globalIgnores } from "eslint/config";
import { builtinRules } from "eslint/use-at-your-own-risk";
import tseslint from "typescript-eslint";

// `@eslint/js` is not installed; ESLint's own rule metadata says which rules form `recommended`.
const eslintRecommended = {
  name: "eslint/recommended (from rule metadata)",
  rules: Object.fromEntries(
    [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, "error"]),
  ),
};

const noDecorators = { selector: "Decorator", message: "No decorators: bind classes with factories in apps/*/container.ts." };

const coreSyntax = [
  noDecorators,
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Read the time from the Clock port." },
  { selector: "CallExpression[callee.name='Date']", message: "Read the time from the Clock port." },
  { selector: "MemberExpression[property.name='randomUUID']", message: "Ids come from the IdGenerator port." },
  { selector: "ImportExpression", message: "The core does no dynamic imports." },
  { selector: "TSImportEqualsDeclaration", message: "The core uses ES imports of relative .ts paths only." },
];

export default defineConfig(
  globalIgnores(["node_modules/", "data/", "coverage/", "dist/"]),

  eslintRecommended,
  tseslint.configs.recommended,

  {
    name: "kampeni/all",
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", noDecorators],
    },
  },

  {
    name: "kampeni/typescript-type-aware",
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },

  {
    name: "kampeni/commonjs-config-files",
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },

  {
    name: "kampeni/core-purity",
    files: ["core/**/*.ts"],
    ignores: ["core/**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["process", "Buffer", "require", "module", "__dirname", "__filename", "global", "setImmediate", "clearImmediate"]
          .map((name) => ({ name, message: "The core is runtime-neutral: no Node globals." })),
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Read the time from the Clock port." },
        { object: "Math", property: "random", message: "Randomness comes through a port." },
        { object: "globalThis", property: "process", message: "The core is runtime-neutral: no Node globals." },
        { object: "globalThis", property: "Buffer", message: "The core is runtime-neutral: no Node globals." },
      ],
      "no-restricted-syntax": ["error", ...coreSyntax],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(?!\\.{1,2}/)", message: "The core imports only relative paths inside core/ (no npm, no node:)." },
            { regex: "^\\.{1,2}/(?!.*\\.ts$)", message: "Relative imports in the core end in .ts (Deno resolves them as written)." },
          ],
        },
      ],
    },
  },

  {
    name: "kampeni/tests",
    files: ["test/**/*.ts", "testkit/**/*.ts", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-empty-function": "off",
    },
  },
);
