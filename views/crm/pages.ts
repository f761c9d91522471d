// CRM pages: people (list with live search, detail with timeline), the pipeline board, deal
// detail and the dashboard.
import { html, type SafeHtml } from "../../src/http/html";
import { formatCents } from "../../src/lib/money";
import { csrfInput, field, formError, type FieldErrors } from "../forms";
import { barChart } from "./chart";

export interface PersonView {
  id: string;
  name: string;
  type: string;
  email: string | null;
  phone: string | null;
  tags: string[];
}

export interface ActivityView {
  kind: string;
  body: string;
  createdAt: string;
}

export interface DealCard {
  id: string;
  title: string;
  kind: string;
  stage: string;
  amountCents: number | null;
}

export const STAGES = ["lead", "showing", "offer", "conditional", "firm", "closed", "lost"] as const;

const when = (iso: string) => html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;

export function peopleResults(people: PersonView[], total: number): SafeHtml {
  return html`<p><small>${total} ${total === 1 ? "person" : "people"}</small></p>
  <table id="people-table"><thead><tr><th>Name</th><th>Type</th><th>Email</th><th>Phone</th><th>Tags</th></tr></thead>
  <tbody>${people.map((p) => html`<tr><td><a href="/people/${p.id}">${p.name}</a></td><td>${p.type}</td><td>${p.email ?? ""}</td><td>${p.phone ?? ""}</td><td>${p.tags.map((t) => html`<span class="badge">${t}</span> `)}</td></tr>`)}</tbody></table>`;
}

export function peoplePage(s: { q: string; results: SafeHtml; csrf: string; values?: Record<string, string>; errors?: FieldErrors; message?: string }): SafeHtml {
  return html`<section>
  <h1>People</h1>
  <input type="search" name="q" value="${s.q}" placeholder="Search by name, email or phone" aria-label="Search people"
    hx-get="/people/results" hx-trigger="input changed delay:250ms, search" hx-target="#people-results" hx-push-url="false">
  <div id="people-results">${s.results}</div>
  <details${s.message || s.errors ? html` open` : ""}><summary>Add a person</summary>
    ${formError(s.message)}
    <form method="post" action="/people">
      ${csrfInput(s.csrf)}
      ${field({ label: "First name", name: "firstName", value: s.values?.firstName, errors: s.errors, required: true })}
      ${field({ label: "Last name", name: "lastName", value: s.values?.lastName, errors: s.errors })}
      ${field({ label: "Email", name: "email", type: "email", value: s.values?.email, errors: s.errors })}
      ${field({ label: "Phone", name: "phone", type: "tel", value: s.values?.phone, errors: s.errors })}
      <label for="f-type">Type<select id="f-type" name="type">${["lead", "client", "other"].map((t) => html`<option${t === (s.values?.type ?? "lead") ? html` selected` : ""}>${t}</option>`)}</select></label>
      ${field({ label: "Tags", name: "tags", value: s.values?.tags, errors: s.errors, hint: "Comma-separated" })}
      <button type="submit">Add person</button>
    </form>
    <p><a href="/people/import">Import people from a CSV file</a></p>
  </details>
</section>`;
}

export function timeline(items: ActivityView[]): SafeHtml {
  return html`<ol class="timeline" id="timeline">${items.length ? items.map((a) => html`<li data-kind="${a.kind}"><small>${when(a.createdAt)} · ${a.kind.replace(/_/g, " ")}</small><br>${a.body}</li>`) : html`<li><em>Nothing yet.</em></li>`}</ol>`;
}

/** The note form and the timeline under it; an htmx post swaps both (a fresh, empty form). */
export function activityPanel(action: string, csrf: string, items: ActivityView[]): SafeHtml {
  return html`<div id="activity">
  <form method="post" action="${action}" hx-post="${action}" hx-target="#activity" hx-swap="outerHTML">
    ${csrfInput(csrf)}
    <label>Add a note<textarea name="body" rows="2" required></textarea></label>
    <button type="submit">Save note</button>
  </form>
  ${timeline(items)}
</div>`;
}

export function personPage(s: { person: PersonView; deals: DealCard[]; activities: ActivityView[]; csrf: string }): SafeHtml {
  const p = s.person;
  return html`<section>
  <hgroup><h1>${p.name}</h1><p>${p.type}${p.tags.length ? html` · ${p.tags.map((t) => html`<span class="badge">${t}</span> `)}` : ""}</p></hgroup>
  <p>${p.email ? html`<a href="mailto:${p.email}">${p.email}</a>` : ""} ${p.phone ? html` · <a href="tel:${p.phone}">${p.phone}</a>` : ""}</p>
  <h2>Deals</h2>
  ${s.deals.length ? html`<ul>${s.deals.map((d) => html`<li><a href="/deals/${d.id}">${d.title}</a> <span class="badge">${d.stage}</span></li>`)}</ul>` : html`<p><em>No deals yet.</em></p>`}
  <h2>Timeline</h2>
  ${activityPanel(`/people/${p.id}/notes`, s.csrf, s.activities)}
</section>`;
}

export function board(columns: Record<string, DealCard[]>, csrf: string): SafeHtml {
  return html`<div id="board" class="board">${STAGES.map((stage) => html`<section class="column" data-stage="${stage}">
    <h3>${stage} <small>(${columns[stage]?.length ?? 0})</small></h3>
    ${(columns[stage] ?? []).map((d) => html`<article class="card" data-deal="${d.id}">
      <a href="/deals/${d.id}">${d.title}</a><br><small>${d.kind} · ${formatCents(d.amountCents)}</small>
      <form hx-post="/deals/${d.id}/stage" hx-trigger="change" hx-target="#board" hx-swap="outerHTML">
        ${csrfInput(csrf)}
        <select name="stage" aria-label="Move ${d.title}">${STAGES.map((st) => html`<option value="${st}"${st === stage ? html` selected` : ""}>${st}</option>`)}</select>
      </form>
    </article>`)}
  </section>`)}</div>`;
}

export function boardPage(s: { columns: Record<string, DealCard[]>; csrf: string }): SafeHtml {
  return html`<section><h1>Pipeline</h1><p><a href="/deals/new" role="button">New deal</a></p>${board(s.columns, s.csrf)}</section>`;
}

export function newDealPage(s: { csrf: string; people: PersonView[]; values?: Record<string, string>; errors?: FieldErrors; message?: string }): SafeHtml {
  const v = s.values ?? {};
  const opt = (name: string, options: string[], label: string) =>
    html`<label for="f-${name}">${label}<select id="f-${name}" name="${name}">${options.map((o) => html`<option${o === v[name] ? html` selected` : ""}>${o}</option>`)}</select></label>`;
  return html`<article class="narrow">
  <h1>New deal</h1>
  ${formError(s.message)}
  <form method="post" action="/deals">
    ${csrfInput(s.csrf)}
    ${opt("kind", ["purchase", "sale", "lease"], "Kind")}
    ${field({ label: "Street", name: "street", value: v.street, errors: s.errors, required: true })}
    ${field({ label: "Unit", name: "unit", value: v.unit, errors: s.errors })}
    ${field({ label: "City", name: "city", value: v.city, errors: s.errors, required: true })}
    ${field({ label: "Province", name: "province", value: v.province ?? "ON", errors: s.errors, required: true })}
    ${field({ label: "Price or monthly rent ($)", name: "amount", value: v.amount, errors: s.errors })}
    <label for="f-personId">Client<select id="f-personId" name="personId"><option value="">(none)</option>${s.people.map((p) => html`<option value="${p.id}"${p.id === v.personId ? html` selected` : ""}>${p.name}</option>`)}</select></label>
    ${opt("role", ["buyer", "seller", "tenant", "landlord"], "Client's role")}
    <button type="submit">Create deal</button>
  </form>
</article>`;
}

export interface TaskView {
  id: string;
  title: string;
  dueDate: string | null;
  done: boolean;
}

export function checklist(dealId: string, tasks: TaskView[]): SafeHtml {
  return html`<ul id="checklist" class="checklist">${tasks.length ? tasks.map((t) => html`<li>
    <label><input type="checkbox" name="done" value="true"${t.done ? html` checked` : ""}
      hx-post="/deals/${dealId}/tasks/${t.id}" hx-target="#checklist" hx-swap="outerHTML">
      ${t.done ? html`<s>${t.title}</s>` : t.title}${t.dueDate ? html` <small>due ${t.dueDate}</small>` : ""}</label>
  </li>`) : html`<li><em>The closing checklist appears when the deal becomes firm.</em></li>`}</ul>`;
}

export interface DealDocumentView {
  id: string;
  title: string;
  status: string;
  version: number;
}

export function dealPage(s: { deal: DealCard & { address: string; parties: { personId: string; name: string; role: string }[] }; tasks: TaskView[]; activities: ActivityView[]; documents: DealDocumentView[]; csrf: string }): SafeHtml {
  const d = s.deal;
  return html`<section>
  <hgroup><h1>${d.title}</h1><p>${d.kind} · ${d.address} · ${formatCents(d.amountCents)}</p></hgroup>
  <form class="inline" method="post" action="/deals/${d.id}/stage">
    ${csrfInput(s.csrf)}
    <label>Stage <select name="stage" id="deal-stage">${STAGES.map((st) => html`<option value="${st}"${st === d.stage ? html` selected` : ""}>${st}</option>`)}</select></label>
    <button type="submit">Move</button>
  </form>
  <h2>Parties</h2>
  ${s.deal.parties.length ? html`<ul>${s.deal.parties.map((p) => html`<li><a href="/people/${p.personId}">${p.name}</a> · ${p.role}</li>`)}</ul>` : html`<p><em>No parties yet.</em></p>`}
  <h2>Closing checklist</h2>
  ${checklist(d.id, s.tasks)}
  <h2>Documents</h2>
  ${s.documents.length ? html`<ul class="deal-documents">${s.documents.map((doc) => html`<li><a href="/documents/${doc.id}">${doc.title}</a> · version ${doc.version} · <span class="badge status-${doc.status.toLowerCase()}">${doc.status}</span></li>`)}</ul>` : html`<p><em>No documents for this deal yet.</em></p>`}
  <p><a href="/documents/new?dealId=${d.id}">New document for this deal</a></p>
  <h2>Timeline</h2>
  ${activityPanel(`/deals/${d.id}/notes`, s.csrf, s.activities)}
</section>`;
}

export function dashboardPage(s: { counts: Record<string, number>; people: number; obligations?: SafeHtml }): SafeHtml {
  const bars = STAGES.map((st) => ({ label: st, value: s.counts[st] ?? 0, href: "/deals" }));
  const open = STAGES.filter((st) => st !== "closed" && st !== "lost").reduce((n, st) => n + (s.counts[st] ?? 0), 0);
  return html`<section>
  <h1>Dashboard</h1>
  <p>${open} open ${open === 1 ? "deal" : "deals"} · ${s.people} ${s.people === 1 ? "person" : "people"} · <a href="/deals">pipeline</a> · <a href="/people">people</a></p>
  <figure id="deals-by-stage">${barChart(bars, "Deals by stage")}<figcaption>Deals by stage</figcaption></figure>
  ${s.obligations ?? ""}
</section>`;
}
