// One error plugin for every URL family. Routes and services throw HttpError (or let anything
// else escape); this plugin turns validation failures, unknown routes, auth failures and
// unexpected exceptions into the caller's family shape. A 500 never carries a stack: the stack
// goes to the log under the request id, which the response also carries (X-Request-Id).
import { Elysia, ValidationError } from "elysia";
import type { Logger } from "../lib/log";
import { familyOf, type Family } from "./families";
import { redactPath, redactUrl } from "./redact";
import { metaOf } from "./request-meta";
import { requestInfo } from "./shapes";
import { renderErrorPage } from "../../views/error";

export interface FieldError {
  field: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Machine-readable code, e.g. "cannot_void"; app-family bodies use it as `error`. */
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, fields?: FieldError[]) => new HttpError(400, "validation_failed", message, fields);
export const unauthorized = (message = "Unauthorized") => new HttpError(401, "unauthorized", message);
export const forbidden = (message = "You do not have permission to access this resource") => new HttpError(403, "forbidden", message);
export const notFound = (message = "Resource not found!!") => new HttpError(404, "not_found", message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(429, "rate_limited", "Too many requests, slow down", undefined, { "Retry-After": String(retryAfterSeconds) });

/** What every family renders from. */
export interface NormalizedError {
  status: number;
  code: string;
  message: string;
  fields?: FieldError[];
  headers?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Validation failed",
  401: "Unauthorized",
  403: "You do not have permission to access this resource",
  404: "Resource not found!!",
  429: "Too many requests, slow down",
  500: "Internal server error!!",
};

function fieldOf(path: string | undefined, part: string): string {
  const p = (path ?? "").replace(/^\//, "").replace(/\//g, ".");
  return p || part;
}

export function fromValidation(err: ValidationError): NormalizedError {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of err.all) {
    const field = fieldOf((e as { path?: string }).path, err.type);
    if (seen.has(field)) continue; // one message per field: the first is the most specific
    seen.add(field);
    const custom = (e as { schema?: { error?: unknown } }).schema?.error;
    fields.push({ field, message: typeof custom === "string" ? custom : e.summary ?? e.message });
  }
  if (!fields.length) fields.push({ field: err.type, message: "Invalid value" });
  return { status: 400, code: "validation_failed", message: "Validation failed", fields };
}

/** Renders a normalized error as the response body its family expects. */
export function renderError(family: Family, e: NormalizedError, request: Request): Response {
  const meta = metaOf(request);
  const headers: Record<string, string> = { ...e.headers };
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { status: e.status, headers: { "Content-Type": "application/json", ...headers } });

  switch (family) {
    case "platform":
      return json({
        success: false,
        statusCode: e.status,
        message: e.message,
        data: null,
        ...(e.fields ? { errors: e.fields } : {}),
        requestInfo: requestInfo(request),
      });
    case "public":
      if (e.status === 404) return json({ state: "gone" });
      return json(appBody(e));
    case "app":
    case "webhooks":
      return json(appBody(e));
    case "machine":
      return json({ statusCode: e.status, message: e.message });
    case "oauth":
      return json({ error: oauthCode(e), error_description: e.message });
    case "mcp":
      if (e.status === 401) headers["WWW-Authenticate"] ??= 'Bearer error="invalid_token"';
      return json({ jsonrpc: "2.0", id: null, error: { code: jsonRpcCode(e.status), message: e.message } });
    case "pages": {
      const htmx = request.headers.get("hx-request") === "true";
      // A signed-out browser goes to the sign-in page (and back afterwards); one without an
      // organization goes to onboarding.
      const to = e.status === 401 ? `/login?next=${encodeURIComponent(new URL(request.url).pathname)}` : e.code === "no_organization" ? "/onboarding" : null;
      if (to) return htmx ? new Response(null, { status: 204, headers: { "HX-Redirect": to } }) : new Response(null, { status: 303, headers: { Location: to } });
      return new Response(renderErrorPage({ status: e.status, message: e.message, requestId: meta.id, fragment: htmx }), {
        status: e.status,
        headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
      });
    }
  }
}

function appBody(e: NormalizedError) {
  // The introduction document fixes the app family's 401 as exactly { "error": "Unauthorized" }.
  if (e.status === 401) return { error: "Unauthorized" };
  const body: Record<string, unknown> = { error: e.code, message: e.message };
  if (e.fields) body.issues = e.fields.map((f) => ({ path: f.field.split("."), message: f.message }));
  return body;
}

function oauthCode(e: NormalizedError): string {
  if (e.status === 400 && e.code === "validation_failed") return "invalid_request";
  if (e.status === 401) return "invalid_client";
  if (e.status >= 500) return "server_error";
  if (e.status === 429) return "temporarily_unavailable";
  return e.code === "not_found" ? "invalid_request" : e.code;
}

function jsonRpcCode(status: number): number {
  if (status === 400) return -32602; // invalid params
  if (status === 404) return -32601; // method not found
  if (status >= 500) return -32603; // internal error
  return -32000; // server-defined: auth, rate limits
}

/** Maps whatever reached onError to a NormalizedError, logging the unexpected ones. */
export function normalize(code: unknown, error: unknown, request: Request, logger: Logger): NormalizedError {
  if (error instanceof HttpError) {
    return { status: error.status, code: error.code, message: error.message, fields: error.fields, headers: error.headers };
  }
  // A response that fails its own schema is the server's bug, not the caller's.
  if (error instanceof ValidationError && error.type !== "response") return fromValidation(error);
  if (code === "NOT_FOUND") {
    const path = new URL(request.url).pathname;
    // The platform document words its 404 exactly; the others name what was not found.
    const message = familyOf(path) === "platform" ? DEFAULT_MESSAGES[404] : `No route for ${request.method} ${redactPath(path)}`;
    return { status: 404, code: "not_found", message };
  }
  if (code === "PARSE") return { status: 400, code: "invalid_body", message: "Malformed request body" };
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number" && status >= 400 && status < 500 && code !== "UNKNOWN") {
    return { status, code: "bad_request", message: DEFAULT_MESSAGES[status] ?? "Bad request" };
  }
  const meta = metaOf(request);
  logger.error("unhandled exception", {
    requestId: meta.id,
    method: request.method,
    path: redactUrl(new URL(request.url)),
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return { status: 500, code: "internal_error", message: DEFAULT_MESSAGES[500] };
}

export const errorPlugin = (logger: Logger) =>
  new Elysia({ name: "error-families" }).onError({ as: "global" }, ({ code, error, request }) => {
    const e = normalize(code, error, request, logger);
    return renderError(familyOf(new URL(request.url).pathname), e, request);
  });
