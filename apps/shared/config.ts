import { z } from "zod";

/** Every setting the apps read from the environment, validated at start-up. */
const int = (name: string, min: number, max: number, fallback: number) =>
  z.string().optional().transform((raw, ctx) => {
    if (raw === undefined || raw.trim() === "") return fallback;
    const n = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}, got '${raw}'` });
      return z.NEVER;
    }
    return n;
  });

const E164 = /^\+[1-9]\d{6,14}$/;
const HOUR = 3_600_000;

const schema = z.object({
  PORT: int("PORT", 0, 65535, 3000),
  HOST: z.string().optional().default("127.0.0.1"),
  BATCH_SIZE: int("BATCH_SIZE", 1, 100_000, 1000),
  PICKUP_INTERVAL_MS: int("PICKUP_INTERVAL_MS", 10, 3_600_000, 1000),
  PICKUP_WINDOW_MS: int("PICKUP_WINDOW_MS", 1000, 30 * 24 * HOUR, 24 * HOUR),
  LEASE_MS: int("LEASE_MS", 1000, HOUR, 60_000),
  RECURRENCE_HORIZON_DAYS: int("RECURRENCE_HORIZON_DAYS", 1, 3660, 90),
  RECURRENCE_HORIZON_OCCURRENCES: int("RECURRENCE_HORIZON_OCCURRENCES", 1, 100_000, 500),
  FLUSH_EVERY: int("FLUSH_EVERY", 1, 100_000, 100),
  MAX_PROVIDER_ERRORS: int("MAX_PROVIDER_ERRORS", 1, 1000, 5),
  DEFAULT_REGION: z.string().optional().default("TZ").transform((v) => v.trim().toUpperCase()),
  SIMULATOR_FAIL_NUMBERS: z.string().optional().default("").transform((raw, ctx) => {
    const numbers = raw.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = numbers.find((n) => !E164.test(n));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `SIMULATOR_FAIL_NUMBERS must be E.164 numbers separated by commas; '${bad}' is not one` });
      return z.NEVER;
    }
    return numbers;
  }),
  SIMULATOR_LOG_FILE: z.string().optional().transform((v) => (v ? v : null)),
  SIMULATOR_LATENCY_MS: int("SIMULATOR_LATENCY_MS", 0, 60_000, 0),
  SIMULATOR_DLR_DELAY_MS: z.string().optional().transform((raw, ctx) => {
    if (raw === undefined || raw.trim() === "") return 1000;
    if (raw.trim() === "off") return null;
    const n = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || n > 3_600_000) {
      ctx.addIssue({ code: "custom", message: `SIMULATOR_DLR_DELAY_MS must be 'off' or a whole number of ms up to 3600000, got '${raw}'` });
      return z.NEVER;
    }
    return n;
  }),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
    error: (issue) => `LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got '${String(issue.input)}'`,
  }).optional().default("info"),
  CAMPAIGN_API_KEYS: z.string().optional().transform((raw, ctx) => {
    if (raw === undefined || raw.trim() === "") return null;
    const pairs = new Map<string, string>();
    for (const item of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Za-z0-9_.-]{16,200}):([A-Za-z0-9_-]{1,100})$/.exec(item);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `CAMPAIGN_API_KEYS must be 'key:workspace_id' pairs separated by commas (keys of 16+ characters); '${item.slice(0, 24)}…' is not one` });
        return z.NEVER;
      }
      pairs.set(m[1]!, m[2]!);
    }
    return pairs;
  }),
  ADMIN_API_KEY: z.string().optional().transform((raw, ctx) => {
    if (raw === undefined || raw === "") return null;
    if (raw.length < 16) {
      ctx.addIssue({ code: "custom", message: "ADMIN_API_KEY must be at least 16 characters" });
      return z.NEVER;
    }
    return raw;
  }),
  DEFAULT_BALANCE: int("DEFAULT_BALANCE", 0, Number.MAX_SAFE_INTEGER, 1_000_000),
  RATE_LIMIT_PER_SECOND: int("RATE_LIMIT_PER_SECOND", 0, 1_000_000, 100),
  RATE_LIMIT_BURST: int("RATE_LIMIT_BURST", 1, 10_000_000, 200),
  DELIVERY_REPORT_SECRET: z.string().optional().transform((v) => (v ? v : null)),
  WORKER_ID: z.string().optional(),
  STORE: z.enum(["sqlite", "memory", "mongo"], {
    error: (issue) => `STORE must be sqlite, memory or mongo, got '${String(issue.input)}'`,
  }).optional().default("sqlite"),
  SQLITE_PATH: z.string().optional().default("data/kampeni.db"),
  MONGODB_URL: z.string().optional().transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    if (!/^mongodb(\+srv)?:\/\//.test(v)) {
      ctx.addIssue({ code: "custom", message: "MONGODB_URL must start with mongodb:// or mongodb+srv://" });
      return z.NEVER;
    }
    return v;
  }),
  MONGODB_DB: z.string().optional().default("kampeni"),
  FLAGS: z.enum(["memory", "redis"], {
    error: (issue) => `FLAGS must be memory or redis, got '${String(issue.input)}'`,
  }).optional().default("memory"),
  REDIS_URL: z.string().optional().default("redis://127.0.0.1:6379").refine((v) => /^rediss?:\/\//.test(v), {
    message: "REDIS_URL must start with redis:// or rediss://",
  }),
  REDIS_KEY_PREFIX: z.string().optional().default("kampeni:"),
  DEV_KEY_FILE: z.string().optional().default("data/dev-api-key"),
});

export type AppConfig = z.output<typeof schema>;

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

/** Reads the configuration from `env`; every bad value is reported, each with its own clear message. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.superRefine((c, ctx) => {
    if (c.STORE === "mongo" && c.MONGODB_URL === null) ctx.addIssue({ code: "custom", path: ["MONGODB_URL"], message: "MONGODB_URL is required when STORE=mongo" });
  }).safeParse(env);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => (i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`)) };
  }
  return { ok: true, config: parsed.data };
}
