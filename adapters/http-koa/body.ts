import type { Context } from "koa";
import { accept, type Checked, problem, reject } from "./errors.ts";

/** A request body as received: the media type it declared and its bytes. */
export type ParsedBody =
  | { readonly kind: "empty" }
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "csv"; readonly text: string };

/** Default limit for JSON bodies (the contact import has its own, larger one). */
export const DEFAULT_JSON_LIMIT = 1024 * 1024;
/** Default limit for contact imports: 100,000 rows of CSV or JSON. */
export const DEFAULT_IMPORT_LIMIT = 10 * 1024 * 1024;

/**
 * Reads the raw body with a byte limit. A declared `Content-Length` over the limit is refused before
 * reading; a chunked body is counted as it arrives and the rest is discarded once over the limit, and
 * the connection is closed rather than kept alive for the remainder.
 */
export async function readRawBody(ctx: Context, limit: number): Promise<Checked<Uint8Array>> {
  const tooLarge = () => {
    ctx.set("Connection", "close");
    return reject<Uint8Array>(problem("PAYLOAD_TOO_LARGE", `Request body exceeds ${limit} bytes`, "body"));
  };
  const encoding = (ctx.get("Content-Encoding") || "identity").toLowerCase();
  if (encoding !== "identity") {
    return reject(problem("UNSUPPORTED_MEDIA_TYPE", `Content-Encoding '${encoding}' is not supported`, "Content-Encoding"));
  }
  const declared = Number(ctx.get("Content-Length") || "0");
  if (declared > limit) return tooLarge();
  const bytes = await collect(ctx.req, limit);
  return bytes === null ? tooLarge() : accept(bytes);
}

function collect(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let over = false;
    stream.on("data", (chunk: Uint8Array) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    stream.on("error", reject);
  });
}

/**
 * Interprets raw bytes by their `Content-Type`. An empty body is allowed whatever the type (POST actions
 * such as pause carry none). JSON must be UTF-8; CSV is accepted only where `csv` is true.
 */
export function parseBody(contentType: string, bytes: Uint8Array, csv: boolean): Checked<ParsedBody> {
  if (bytes.byteLength === 0) return accept({ kind: "empty" });
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const isJson = mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
  const isCsv = csv && mediaType === "text/csv";
  if (!isJson && !isCsv) {
    const expected = csv ? "application/json or text/csv" : "application/json";
    return reject(problem("UNSUPPORTED_MEDIA_TYPE", `Content-Type must be ${expected}`, "Content-Type"));
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return reject(problem("VALIDATION_FAILED", "Request body is not valid UTF-8", "body"));
  }
  if (isCsv) return accept({ kind: "csv", text });
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    // The parser's own text can quote the body back: give only where it stopped.
    const at = err instanceof SyntaxError ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    return reject(problem("VALIDATION_FAILED", `Malformed JSON${at === undefined ? "" : ` at position ${at}`}`, "body"));
  }
  const broken = illFormedString(value, []);
  if (broken !== null) {
    return reject(problem("VALIDATION_FAILED", "Text must be well-formed Unicode (a lone surrogate was found)", broken || "body"));
  }
  return accept({ kind: "json", value });
}

/** The dot path of the first string (value or key) holding a lone surrogate, or null. */
function illFormedString(value: unknown, path: readonly string[]): string | null {
  if (typeof value === "string") return value.isWellFormed() ? null : path.join(".");
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedString(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (!key.isWellFormed()) return [...path, "(key)"].join(".");
      const found = illFormedString(inner, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}
