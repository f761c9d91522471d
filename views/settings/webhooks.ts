// /settings/webhooks: the organization's subscriptions with their recent deliveries, the form
// that adds one, and the secret, shown once after creating or rotating.
import { html, type SafeHtml } from "../../src/http/html";
import type { FormState } from "../auth/pages";
import { csrfInput, field, formError } from "../forms";

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secretLastFour: string;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface WebhooksPageState extends FormState {
  csrf: string;
  eventNames: readonly string[];
  webhooks: { webhook: WebhookView; deliveries: DeliveryView[] }[];
  /** Set right after a create or a rotation: the only time the secret is shown. */
  revealed?: { url: string; secret: string; rotated: boolean };
  checked?: string[];
}

const when = (iso: string) => html`<time datetime="${iso}">${iso.slice(0, 19).replace("T", " ")} UTC</time>`;

function secretNotice(r: NonNullable<WebhooksPageState["revealed"]>): SafeHtml {
  return html`<article id="new-secret" role="alert">
  <h2>${r.rotated ? "New signing secret" : "Webhook created"}</h2>
  <p>Signing secret for <code>${r.url}</code>. <strong>Copy it now: it will not be shown again.</strong>
    Your receiver needs it to check the <code>Winnerr-Signature</code> header of each delivery.${r.rotated ? " The previous secret no longer signs anything." : ""}</p>
  <input type="text" readonly value="${r.secret}" aria-label="Signing secret" data-secret>
</article>`;
}

function deliveriesTable(list: DeliveryView[]): SafeHtml {
  if (!list.length) return html`<p><small>No deliveries yet.</small></p>`;
  return html`<table class="deliveries">
    <thead><tr><th>Event</th><th>Status</th><th>Attempts</th><th>Last answer</th><th>Created</th><th>Next attempt</th></tr></thead>
    <tbody>${list.map((d) => html`<tr data-delivery="${d.id}">
      <td>${d.event}</td>
      <td><span class="badge">${d.status}</span></td>
      <td>${d.attempts}</td>
      <td>${[d.lastStatusCode, d.lastError].filter((x) => x !== null).join(" · ") || "—"}</td>
      <td>${when(d.createdAt)}</td>
      <td>${d.nextAttemptAt && d.status === "pending" ? when(d.nextAttemptAt) : "—"}</td>
    </tr>`)}</tbody>
  </table>`;
}

function subscription(s: WebhooksPageState, w: WebhookView, deliveries: DeliveryView[]): SafeHtml {
  const action = (verb: string) => `/settings/webhooks/${w.id}/${verb}`;
  return html`<article class="webhook" data-webhook="${w.id}">
  <header>
    <strong><code>${w.url}</code></strong> <span class="badge">${w.active ? "active" : "paused"}</span><br>
    <small>Events: ${w.events.includes("*") ? "all" : w.events.join(", ")} · secret …${w.secretLastFour} · since ${when(w.createdAt)}</small>
  </header>
  ${deliveriesTable(deliveries)}
  <footer>
    <form method="post" action="${action("active")}" class="inline">${csrfInput(s.csrf)}<input type="hidden" name="active" value="${w.active ? "false" : "true"}"><button type="submit" class="link">${w.active ? "Pause" : "Resume"}</button></form>
    · <form method="post" action="${action("rotate")}" class="inline">${csrfInput(s.csrf)}<button type="submit" class="link" aria-label="Rotate the secret of ${w.url}">Rotate secret</button></form>
    · <form method="post" action="${action("delete")}" class="inline" hx-post="${action("delete")}" hx-confirm="Delete this webhook and its delivery log?">${csrfInput(s.csrf)}<button type="submit" class="link" aria-label="Delete ${w.url}">Delete</button></form>
  </footer>
</article>`;
}

export function webhooksPage(s: WebhooksPageState): SafeHtml {
  const checked = new Set(s.checked ?? []);
  return html`<section>
  <h1>Webhooks</h1>
  <p>Winnerr POSTs each chosen event as JSON to your URL, signed with the subscription's secret in the
    <code>Winnerr-Signature</code> header. Failed deliveries are retried with growing delays for more than a day.</p>
  ${s.revealed ? secretNotice(s.revealed) : ""}
  ${s.webhooks.length ? s.webhooks.map(({ webhook, deliveries }) => subscription(s, webhook, deliveries)) : html`<p><em>No webhooks yet.</em></p>`}
  <article>
    <h2>Add a webhook</h2>
    ${formError(s.message)}
    <form method="post" action="/settings/webhooks">
      ${csrfInput(s.csrf)}
      ${field({ label: "URL", name: "url", type: "url", value: s.values?.url, errors: s.errors, required: true, placeholder: "https://example.com/winnerr-hook", hint: "Public https address of your receiver." })}
      <fieldset>
        <legend>Events</legend>
        <label><input type="checkbox" name="events" value="*"${checked.has("*") ? html` checked` : ""}> All events, including ones added later</label>
        ${s.eventNames.map((n) => html`<label><input type="checkbox" name="events" value="${n}"${checked.has(n) ? html` checked` : ""}> ${n}</label>`)}
        ${s.errors?.events ? html`<small class="field-error">${s.errors.events}</small>` : ""}
      </fieldset>
      <button type="submit">Add webhook</button>
    </form>
  </article>
</section>`;
}
