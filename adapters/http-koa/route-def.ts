import type { z } from "zod";
import type { Result } from "../../core/domain/result.ts";
import type { Actor } from "../../core/service.types.ts";
import { failureReply, okReply, type Checked, type Reply } from "./errors.ts";

/** Who may call a route: a workspace key, the operator key, a provider, or anyone. */
export type Guard = "api-key" | "admin" | "provider" | "public";

/** HTTP methods the API uses. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Shape = Record<string, z.ZodType>;
type Out<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

/** What a handler receives once the edge has checked everything it could. */
export interface HandlerInput<P extends Shape, Q extends z.ZodType, B extends z.ZodType> {
  /** The caller's workspace; present on `api-key` routes (reading it elsewhere is a bug and throws). */
  readonly actor: Actor;
  readonly params: Out<P>;
  readonly query: z.output<Q>;
  /** The validated body (`{}` when it was empty, converted from CSV on routes that accept it). */
  readonly body: z.output<B>;
}

/**
 * One route: its wire contract (used both to validate and to generate the OpenAPI document) and its
 * handler. Path parameters that fail their schema are answered 404 (a malformed id cannot exist).
 */
export interface RouteDef<P extends Shape = Shape, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly method: Method;
  /** Koa-router path, e.g. `/v1/campaign/:campaign_id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly guard: Guard;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Chooses the schema for a body that may take several shapes (or rejects it) before parsing. */
  readonly pickBody?: (raw: unknown) => Checked<z.ZodType>;
  /** Accepts a `text/csv` body besides JSON, converted to what the JSON body would have been. */
  readonly csv?: (text: string) => Checked<z.output<B>>;
  /** Which body size limit applies: ordinary JSON, or the large contact import. */
  readonly bodyLimit?: "json" | "import";
  /** Status of a success (201 for creates). */
  readonly success: 200 | 201;
  /** Schema of `data` on success, for the document. */
  readonly response?: z.ZodType;
  /** Documented error statuses besides the ones every route has. */
  readonly errors: readonly number[];
  /** Set when the response is not enveloped (Prometheus text, the OpenAPI document). */
  readonly raw?: { readonly contentType: string };
  readonly handle: (input: HandlerInput<P, Q, B>) => Promise<Reply>;
}

/** A route with its types erased, as the router and the document generator see it. */
export type AnyRoute = RouteDef<Shape, z.ZodType, z.ZodType>;

/** Declares a route with its handler typed from its schemas. */
export function defineRoute<P extends Shape, Q extends z.ZodType, B extends z.ZodType>(
  def: RouteDef<P, Q, B>,
): AnyRoute {
  return def as unknown as AnyRoute;
}

/** A service result as a reply: `success` status when ok, the mapped failure otherwise. */
export function answer(result: Result<unknown>, success: 200 | 201 = 200): Reply {
  return result.ok ? okReply(result.value, success) : failureReply(result.error);
}
