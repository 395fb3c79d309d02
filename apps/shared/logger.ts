import { pino } from "pino";
import type { Logger } from "../../core/ports/logger.port.ts";

/** JSON logs on stdout; pino's logger already has the Logger port's shape. */
export function createPinoLogger(level: string, bindings: Record<string, unknown>): Logger {
  return pino({ level, base: bindings, timestamp: pino.stdTimeFunctions.isoTime });
}
