/** Explicit binding tokens: nothing relies on emitted decorator metadata. */
export const TOKENS = {
  Config: Symbol.for("kampeni.Config"),
  Clock: Symbol.for("kampeni.Clock"),
  Ids: Symbol.for("kampeni.Ids"),
  Logger: Symbol.for("kampeni.Logger"),
  Stores: Symbol.for("kampeni.Stores"),
  Flags: Symbol.for("kampeni.Flags"),
  Gateway: Symbol.for("kampeni.Gateway"),
  Cron: Symbol.for("kampeni.Cron"),
  Phones: Symbol.for("kampeni.Phones"),
  Metrics: Symbol.for("kampeni.Metrics"),
  EngineDeps: Symbol.for("kampeni.EngineDeps"),
  Engine: Symbol.for("kampeni.Engine"),
  ApiKeys: Symbol.for("kampeni.ApiKeys"),
  HttpApp: Symbol.for("kampeni.HttpApp"),
} as const;
