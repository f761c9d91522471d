// Cloudflare Turnstile, when TURNSTILE_SECRET_KEY is set: sign and decline need a token that
// the siteverify endpoint (TURNSTILE_VERIFY_URL; tests use a loopback server) accepts.
import type { AppContext } from "../../context";
import { HttpError } from "../../http/errors";

export async function checkTurnstile(ctx: AppContext, token: string | undefined, ip: string | null): Promise<void> {
  const t = ctx.config.signatures.turnstile;
  if (!t) return;
  const refuse = () => new HttpError(403, "turnstile_failed", "The human check failed; reload the page and try again");
  if (!token) throw refuse();
  const body = new URLSearchParams({ secret: t.secretKey, response: token, ...(ip ? { remoteip: ip } : {}) });
  const res = await fetch(t.verifyUrl, { method: "POST", body, signal: AbortSignal.timeout(10_000) }).catch(() => null);
  const json = (await res?.json().catch(() => null)) as { success?: boolean } | null;
  if (!json?.success) throw refuse();
}
