// Per-request facts every layer may need (request id, client address, start time), kept
// beside the Request object by the server's fetch wrapper rather than threaded through Elysia.
import type { Server } from "bun";
import { randomBase36 } from "../lib/ids";
import { ipAllowed, normalizeIp } from "../lib/ip";

export interface RequestMeta {
  id: string;
  ip: string;
  startedAt: number;
}

const metas = new WeakMap<Request, RequestMeta>();
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The client address: the socket's, unless the socket is a trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (left ones are forgeable).
 */
export function clientIp(socketIp: string, forwardedFor: string | null, trusted: string[]): string {
  let ip = normalizeIp(socketIp);
  if (!trusted.length || !forwardedFor || !ipAllowed(ip, trusted)) return ip;
  const hops = forwardedFor.split(",").map((h) => normalizeIp(h.trim())).filter(Boolean);
  while (hops.length) {
    ip = hops.pop()!;
    if (!ipAllowed(ip, trusted)) break;
  }
  return ip;
}

export function attachMeta(request: Request, server: Server<unknown> | undefined, trustedProxies: string[] = []): RequestMeta {
  // Reuse a sane X-Request-Id from a proxy so log lines correlate across hops.
  const incoming = request.headers.get("x-request-id");
  const meta: RequestMeta = {
    id: incoming && INCOMING_ID.test(incoming) ? incoming : `req_${randomBase36(16)}`,
    ip: clientIp(server?.requestIP(request)?.address ?? "127.0.0.1", request.headers.get("x-forwarded-for"), trustedProxies),
    startedAt: performance.now(),
  };
  metas.set(request, meta);
  return meta;
}

export function metaOf(request: Request): RequestMeta {
  let meta = metas.get(request);
  if (!meta) meta = attachMeta(request, undefined); // app.handle() called without the server (tests, CLI)
  return meta;
}

/** What the evidence log keeps of a request: the client address and its user agent. */
export function evidenceMeta(request: Request): { ip: string | null; userAgent: string | null } {
  return { ip: metaOf(request).ip || null, userAgent: request.headers.get("user-agent") };
}
