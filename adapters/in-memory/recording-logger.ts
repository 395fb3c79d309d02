import type { Logger } from "../../core/ports/logger.port.ts";

export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** Keeps log lines in memory (tests read them); children share the parent's lines. */
export class RecordingLogger implements Logger {
  constructor(readonly lines: LogLine[] = [], private readonly bindings: Record<string, unknown> = {}) {}
  debug(fields: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "debug", fields: { ...this.bindings, ...fields }, msg });
  }
  info(fields: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "info", fields: { ...this.bindings, ...fields }, msg });
  }
  warn(fields: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "warn", fields: { ...this.bindings, ...fields }, msg });
  }
  error(fields: Record<string, unknown>, msg: string): void {
    this.lines.push({ level: "error", fields: { ...this.bindings, ...fields }, msg });
  }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }
}
