// The home page. Until the CRM lands it shows what the appliance is and its live status,
// loaded by htmx from /partials/status.
import { html, type SafeHtml } from "../src/http/html";
import type { HealthReport } from "../src/modules/health/service";

export function homePage(): SafeHtml {
  return html`<section>
    <hgroup>
      <h1>Winnerr</h1>
      <p>Your brokerage's CRM, documents, e-signature and obligations, on your own server.</p>
    </hgroup>
    <article id="system-status" hx-get="/partials/status" hx-trigger="load, every 30s" hx-swap="innerHTML">
      <p aria-busy="true">Checking the system…</p>
    </article>
    <p>Integrators: the <a href="/docs">API reference</a> and the <a href="/openapi.json">OpenAPI document</a>.</p>
  </section>`;
}

export function statusPartial(r: HealthReport): SafeHtml {
  const ok = r.status === "healthy";
  return html`<header><strong>System status</strong></header>
  <div class="status-grid" data-status="${r.status}">
    <span>Status</span><span class="${ok ? "status-ok" : "status-bad"}">${ok ? "Healthy" : "Unhealthy"}</span>
    <span>Database</span><span>${r.database}</span>
    <span>Uptime</span><span>${r.uptime}</span>
    <span>Memory</span><span>${r.memory.rss} resident</span>
    <span>Checked</span><span><time datetime="${r.timestamp}">${r.timestamp}</time></span>
  </div>`;
}
