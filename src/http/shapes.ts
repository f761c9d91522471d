// Response bodies and their `t` schemas shared by the URL families, so every route can declare
// its success and error shapes in the OpenAPI document without restating them.
import { t, type TSchema } from "elysia";
import { metaOf } from "./request-meta";
import { redactPath } from "./redact";

/** An integer in responses. Elysia's t.Integer also accepts numeric strings, which is right for
 * query parameters but would document responses as "string or integer". */
export const Int = (opts: Record<string, unknown> = {}) => t.Number({ multipleOf: 1, ...opts });

/**
 * One of the given strings, validated as a union of literals. (t.UnionEnum also sets a default of
 * its first value, which fills omitted optional fields in: a PATCH without "type" would reset it.)
 */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V, opts: { error?: string; description?: string } = {}) {
  return t.Union(values.map((v) => t.Literal(v)), opts) as unknown as ReturnType<typeof t.Unsafe<V[number]>>;
}

export const RequestInfo = t.Object({ url: t.String(), method: t.String(), ip: t.String() });

/** Platform family (/api/v1) success envelope, as morpheus-voice-api.md shows it. */
export const PlatformEnvelope = <T extends TSchema>(data: T) =>
  t.Object({ success: t.Literal(true), status: Int(), message: t.String(), data, requestInfo: RequestInfo });

export const PlatformError = t.Object(
  {
    success: t.Literal(false),
    statusCode: Int(),
    message: t.String(),
    data: t.Null(),
    errors: t.Optional(t.Array(t.Object({ field: t.String(), message: t.String() }))),
    requestInfo: RequestInfo,
  },
  { description: "Platform error envelope" },
);

export const AppError = t.Object(
  {
    error: t.String(),
    message: t.Optional(t.String()),
    issues: t.Optional(t.Array(t.Object({ path: t.Array(t.String()), message: t.String() }))),
  },
  { description: "App family error: { error, message? }; 401 is exactly { error: 'Unauthorized' }" },
);

/** The app family's error schema for each status, for route declarations. */
export const appErrors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, AppError]));

export const PublicGone = t.Object({ state: t.Literal("gone") }, { description: "Uniform answer for any bad, used or expired capability" });
export const MachineError = t.Object({ statusCode: Int(), message: t.String() });
export const OAuthError = t.Object({ error: t.String(), error_description: t.Optional(t.String()) });

/** requestInfo as the platform document shows it: the path (redacted), the method, the client address. */
export function requestInfo(request: Request) {
  return { url: redactPath(new URL(request.url).pathname), ip: metaOf(request).ip, method: request.method };
}


/** Builds a platform success envelope for this request. */
export function envelope<T>(request: Request, status: number, message: string, data: T) {
  return { success: true as const, status, message, data, requestInfo: requestInfo(request) };
}

/**
 * page and limit query parameters. Kept as digit strings with the range in the pattern: Elysia
 * validates numeric query values one at a time and stops at the first, while strings are checked
 * together, so ?page=0&limit=1000 names both fields. pageParams() turns them into numbers.
 */
export const pageQueryFields = (defaultLimit: number) => ({
  page: t.Optional(t.String({ pattern: "^[1-9][0-9]{0,6}$", default: "1", description: "Page number, 1 or more", error: "page must be a whole number of 1 or more" })),
  limit: t.Optional(t.String({ pattern: "^(100|[1-9][0-9]?)$", default: String(defaultLimit), description: "Page size, 1 to 100", error: "limit must be a whole number from 1 to 100" })),
});

export function pageParams(q: { page?: string; limit?: string }, defaultLimit: number): { page: number; limit: number } {
  return { page: Number(q.page ?? 1), limit: Number(q.limit ?? defaultLimit) };
}

export const Pagination = t.Object({ page: Int(), limit: Int(), total: Int(), totalPages: Int() });
