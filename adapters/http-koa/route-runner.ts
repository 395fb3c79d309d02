import type { Context } from "koa";
import { z } from "zod";
import { readRawBody, parseBody } from "./body.ts";
import { edgeState } from "./edge-state.ts";
import { accept, type Checked, problem, type Reply, reject } from "./errors.ts";
import { IdempotencyGuard } from "./idempotency.ts";
import type { AnyRoute } from "./route-def.ts";
import { send } from "./respond.ts";
import { issuesToErrors } from "./zod-issues.ts";
import { NoQuery } from "./schemas.ts";

/** Byte limits for request bodies. */
export interface BodyLimits {
  readonly json: number;
  readonly import: number;
}

/**
 * Turns a route definition into a Koa handler: reads the body (size, media type), applies the
 * idempotency key on POST, validates path, query and body against the route's schemas, calls the
 * handler and writes its reply.
 */
export function runRoute(route: AnyRoute, limits: BodyLimits, idempotency: IdempotencyGuard) {
  return async (ctx: Context): Promise<void> => {
    const state = edgeState(ctx);
    const hasBody = route.method !== "GET" && route.method !== "DELETE";
    const raw = hasBody ? await readRawBody(ctx, limits[route.bodyLimit ?? "json"]) : accept(new Uint8Array());
    if (!raw.ok) return writeReply(ctx, route, raw.reply);

    const execute = () => prepareAndHandle(ctx, route, raw.value);
    const key = IdempotencyGuard.checkKey(route.method === "POST" ? ctx.get("Idempotency-Key") : "");
    if (!key.ok) return writeReply(ctx, route, key.reply);
    const scope = state.idempotencyScope;
    if (key.value === null || scope === undefined) return writeReply(ctx, route, await execute());

    const outcome = await idempotency.run(
      { scope, key: key.value, method: ctx.method, url: ctx.url, contentType: ctx.get("Content-Type"), body: raw.value },
      state.requestId,
      execute,
    );
    ctx.status = outcome.status;
    for (const [name, value] of Object.entries(outcome.headers)) ctx.set(name, value);
    ctx.body = outcome.envelope;
  };
}

async function prepareAndHandle(ctx: Context, route: AnyRoute, bytes: Uint8Array): Promise<Reply> {
  const params = parseParams(route, (ctx as { params?: Record<string, string> }).params ?? {});
  if (!params.ok) return params.reply;
  // Koa gives a repeated parameter as an array, which the schemas then reject as "expected string".
  const query = (route.query ?? NoQuery).safeParse({ ...ctx.query });
  if (!query.success) return { status: 400, data: null, errors: issuesToErrors(query.error) };

  let body: unknown = {};
  if (route.method !== "GET" && route.method !== "DELETE") {
    const parsed = parseBody(ctx.get("Content-Type"), bytes, route.csv !== undefined);
    if (!parsed.ok) return parsed.reply;
    if (parsed.value.kind === "csv" && route.csv) {
      const converted = route.csv(parsed.value.text);
      if (!converted.ok) return converted.reply;
      body = converted.value;
    } else {
      const value = parsed.value.kind === "json" ? parsed.value.value : {};
      const schema = route.pickBody ? route.pickBody(value) : accept(route.body ?? z.strictObject({}));
      if (!schema.ok) return schema.reply;
      const checked = schema.value.safeParse(value);
      if (!checked.success) return { status: 400, data: null, errors: issuesToErrors(checked.error) };
      body = checked.data;
    }
  }

  const state = edgeState(ctx);
  return route.handle({
    get actor() {
      if (!state.actor) throw new Error(`route ${route.operationId} read an actor it was not guarded for`);
      return state.actor;
    },
    params: params.value,
    query: query.data,
    body,
  });
}

function parseParams(route: AnyRoute, raw: Record<string, string>): Checked<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    const checked = schema.safeParse(raw[name]);
    if (!checked.success) return reject(problem("NOT_FOUND", `No such ${name.replace(/_id$/, "")}`, name));
    out[name] = checked.data;
  }
  return accept(out);
}

function writeReply(ctx: Context, route: AnyRoute, reply: Reply): void {
  if (route.raw && reply.errors === null) {
    ctx.status = reply.status;
    ctx.type = route.raw.contentType;
    ctx.body = reply.data as string | object;
    return;
  }
  send(ctx, reply);
}
