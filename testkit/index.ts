/**
 * Kampeni's test kit (`kampeni/testkit`): the contract suites every store adapter must pass, and the
 * model-based property harness that drives the whole engine against your adapters.
 * @module
 */
export * from "./contract/index.ts";
export * from "./model/index.ts";
