// SMS through Twilio's Messages API, when TWILIO_* is configured. One small client; the auth
// token never appears in a log line.
import type { AppContext } from "../../context";
import { HttpError } from "../../http/errors";

export async function sendSms(ctx: AppContext, to: string, body: string): Promise<void> {
  const t = ctx.config.signatures.twilio;
  if (!t) throw new HttpError(503, "sms_unavailable", "SMS is not configured");
  const res = await fetch(`${t.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(t.accountSid)}/Messages.json`, {
    method: "POST",
    headers: { Authorization: `Basic ${btoa(`${t.accountSid}:${t.authToken}`)}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ To: to, From: t.from, Body: body }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!res?.ok) {
    ctx.logger.error("sms failed", { status: res?.status ?? "unreachable" });
    throw new HttpError(503, "sms_unavailable", "The code could not be sent by SMS; try email");
  }
}
