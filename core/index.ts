/**
 * Kampeni core: the campaign engine's domain, state machines, use cases and ports. Dependency-free;
 * runs on Node, Deno and any runtime with Web-standard APIs.
 * @module
 */
export * from "./domain/model.ts";
export * from "./domain/result.ts";
export * from "./domain/run-state.ts";
export * from "./domain/message-state.ts";
export * from "./domain/campaign-status.ts";
export * from "./domain/launch-selection.ts";
export * from "./service.types.ts";
export * from "./deps.ts";
export * from "./engine.ts";
export type { DispatchOutcome, StopSignal } from "./worker/dispatch-run.ts";
export type { TickReport } from "./worker/worker.ts";
export { Worker } from "./worker/worker.ts";
export { countSmsParts } from "./sms/part-counter.ts";
export { placeholders, render } from "./content/render.ts";
export type * from "./ports/campaign-store.port.ts";
export type * from "./ports/clock.port.ts";
export type * from "./ports/cron.port.ts";
export type * from "./ports/flag-store.port.ts";
export type * from "./ports/group-store.port.ts";
export type * from "./ports/id-generator.port.ts";
export type * from "./ports/idempotency-store.port.ts";
export type * from "./ports/ledger.port.ts";
export type * from "./ports/logger.port.ts";
export type * from "./ports/message-gateway.port.ts";
export type * from "./ports/message-store.port.ts";
export type * from "./ports/phone-normalizer.port.ts";
export type * from "./ports/run-store.port.ts";
