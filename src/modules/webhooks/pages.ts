// /settings/webhooks: list, add, pause or resume, rotate the secret, delete. Admins only, like
// the API. Every change answers with a redirect (Post/Redirect/Get), so reloading the page never
// repeats it; a new secret waits in memory for that one page view and is then forgotten.
import type { AppContext } from "../../context";
import { formFailure, formValue, type FormBody } from "../../http/forms";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { router } from "../../http/router";
import { MINUTE, type Clock } from "../../lib/clock";
import { randomSecret } from "../../lib/crypto";
import { webhooksPage, type WebhooksPageState } from "../../../views/settings/webhooks";
import { EVENT_NAMES } from "../events/service";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, rotateSecret, updateWebhook } from "./service";

const PATH = "/settings/webhooks";
const RECENT_DELIVERIES = 5;
const REVEAL_TTL_MS = 5 * MINUTE;

type Reveal = NonNullable<WebhooksPageState["revealed"]>;

/**
 * Secrets on their way to the page the browser is redirected to. Each is taken once, only by the
 * user whose change made it, within REVEAL_TTL_MS; the key in the URL is useless to anyone else.
 */
class PendingReveals {
  private items = new Map<string, { reveal: Reveal; userId: string; expiresAt: number }>();
  constructor(private clock: Clock) {}

  put(userId: string, reveal: Reveal): string {
    this.sweep();
    const key = randomSecret(16);
    this.items.set(key, { reveal, userId, expiresAt: this.clock.now().getTime() + REVEAL_TTL_MS });
    return key;
  }

  take(key: string | undefined, userId: string): Reveal | undefined {
    this.sweep();
    const item = key ? this.items.get(key) : undefined;
    if (!item || item.userId !== userId) return undefined;
    this.items.delete(key!);
    return item.reveal;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [k, v] of this.items) if (v.expiresAt <= now) this.items.delete(k);
  }
}
const admin = () => pageRoute({ via: ["session"], role: "admin" });

/** Checkbox groups arrive as one string or a list of them. */
function formList(body: FormBody, key: string): string[] {
  const v = body?.[key];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

type PageExtras = Partial<Pick<WebhooksPageState, "values" | "errors" | "message" | "revealed" | "checked">>;

function page(ctx: AppContext, request: Request, p: Principal, extras: PageExtras = {}, status = 200) {
  const orgId = p.orgId!;
  const webhooks = listWebhooks(ctx, orgId).map((webhook) => ({
    webhook,
    deliveries: listDeliveries(ctx, orgId, webhook.id, { page: 1, limit: RECENT_DELIVERIES }).deliveries,
  }));
  return renderPage(ctx, request, p, {
    title: "Webhooks", status, path: PATH,
    // A page that shows a secret must not be kept by the browser or a proxy.
    headers: extras.revealed ? { "Cache-Control": "no-store" } : undefined,
    body: webhooksPage({ ...extras, csrf: p.csrfToken!, eventNames: EVENT_NAMES, webhooks }),
  });
}

/** Back to the list with why a change was refused (e.g. another organization's id: not found). */
function refused(request: Request, e: unknown) {
  const f = formFailure(e);
  return redirect(request, PATH, { flash: { kind: "error", text: f.message ?? Object.values(f.errors)[0] ?? "That change was refused" } });
}

/** Runs a change to one subscription and returns to the list with the outcome as a flash. */
async function act(request: Request, action: () => unknown, done: string) {
  try {
    await action();
    return redirect(request, PATH, { flash: { kind: "success", text: done } });
  } catch (e) {
    return refused(request, e);
  }
}

export const webhookPages = (ctx: AppContext) => {
  const reveals = new PendingReveals(ctx.clock);
  const showSecret = (request: Request, p: Principal, r: Reveal) => redirect(request, `${PATH}?reveal=${reveals.put(p.userId!, r)}`);
  return router("webhook-pages")
    .use(principalPlugin(ctx.principals))
    .get(PATH, ({ request, principal, query }) =>
      page(ctx, request, principal, { revealed: reveals.take((query as Record<string, string | undefined>).reveal, principal.userId!) }), admin())
    .post(PATH, async ({ request, principal, body }) => {
      const url = formValue(body as FormBody, "url");
      const events = formList(body as FormBody, "events");
      try {
        const { webhook, secret } = await createWebhook(ctx, principal, { url, events });
        return showSecret(request, principal, { url: webhook.url, secret, rotated: false });
      } catch (e) {
        const f = formFailure(e);
        return page(ctx, request, principal, { values: { url }, checked: events, errors: f.errors, message: f.message }, f.status);
      }
    }, admin())
    .post(`${PATH}/:id/rotate`, ({ request, principal, params }) => {
      try {
        const { webhook, secret } = rotateSecret(ctx, principal.orgId!, params.id);
        return showSecret(request, principal, { url: webhook.url, secret, rotated: true });
      } catch (e) {
        return refused(request, e);
      }
    }, admin())
    .post(`${PATH}/:id/active`, ({ request, principal, params, body }) => {
      const active = formValue(body as FormBody, "active") === "true";
      return act(request, () => updateWebhook(ctx, principal.orgId!, params.id, { active }), active ? "Webhook resumed." : "Webhook paused: nothing is sent to it until you resume it; events meanwhile are skipped.");
    }, admin())
    .post(`${PATH}/:id/delete`, ({ request, principal, params }) =>
      act(request, () => deleteWebhook(ctx, principal.orgId!, params.id), "Webhook deleted."), admin());
};
