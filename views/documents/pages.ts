// Document OS pages: the list with the usage meter, "New document" (pick a pack or type a
// prompt), the wizard step by step with inline validation, the review, and the document page
// with its PDF preview and versions.
import { html, type SafeHtml } from "../../src/http/html";
import { csrfInput, formError } from "../forms";
import type { Field, Node } from "../../src/modules/documents/wizard";

export interface UsageView {
  used: number;
  included: number | null;
  periodLabel: string;
}

export interface DocRow {
  id: string;
  title: string;
  formKey: string;
  status: string;
  version: number;
  dealId: string | null;
  updatedAt: string;
}

export interface FormView {
  formKey: string;
  title: string;
}

export interface DealOption {
  id: string;
  title: string;
}

export function usageMeter(u: UsageView): SafeHtml {
  const over = u.included !== null && u.used > u.included;
  const pct = u.included ? Math.min(100, Math.round((u.used / u.included) * 100)) : null;
  return html`<section class="usage${over ? " usage-over" : ""}" aria-label="Document usage">
  <strong>${u.used}</strong>${u.included !== null ? html` of ${u.included}` : ""} documents generated in ${u.periodLabel}
  ${pct !== null ? html`<progress value="${Math.min(u.used, u.included!)}" max="${u.included!}">${pct}%</progress>` : ""}
  ${over ? html`<small class="field-error">${u.used - u.included!} over the plan's allotment: billed as overage; generation is never blocked.</small>` : ""}
  ${u.included === null ? html`<small>No monthly allotment is set (DOCUMENTS_INCLUDED_PER_MONTH).</small>` : ""}
</section>`;
}

const when = (iso: string) => iso.slice(0, 16).replace("T", " ");

export interface DocHitRow extends DocRow {
  score: number;
}

/** The plain list: newest first. */
export function documentList(docs: DocRow[], forms: FormView[]): SafeHtml {
  const titleOf = new Map(forms.map((f) => [f.formKey, f.title]));
  return docs.length ? html`<table class="documents">
  <thead><tr><th>Title</th><th>Form</th><th>Status</th><th>Version</th><th>Updated</th></tr></thead>
  <tbody>${docs.map((d) => html`<tr>
    <td><a href="/documents/${d.id}">${d.title}</a></td><td>${titleOf.get(d.formKey) ?? d.formKey}</td>
    <td><span class="badge status-${d.status.toLowerCase()}">${d.status}</span></td><td>${d.version}</td><td>${when(d.updatedAt)}</td>
  </tr>`)}</tbody>
</table>` : html`<p>No documents yet. Start one with <a href="/documents/new">New document</a>.</p>`;
}

const MODE_NOTE = {
  keyword: "Matched by keywords.",
  vector: "Matched by meaning (embeddings).",
  hybrid: "Matched by keywords and meaning, ranks fused.",
} as const;

/** Search results, best first, each with its score (0–1). */
export function documentSearchResults(s: { q: string; mode: keyof typeof MODE_NOTE; hits: DocHitRow[]; forms: FormView[] }): SafeHtml {
  const titleOf = new Map(s.forms.map((f) => [f.formKey, f.title]));
  const score = (x: number) => (x > 0 && x < 0.01 ? "<0.01" : x.toFixed(2));
  if (!s.hits.length) return html`<p class="search-empty">No documents match “${s.q}”.</p>`;
  return html`<p><small>${s.hits.length} ${s.hits.length === 1 ? "document matches" : "documents match"} “${s.q}”. ${MODE_NOTE[s.mode]}</small></p>
<table class="documents search-results">
  <thead><tr><th>Title</th><th>Form</th><th>Status</th><th>Version</th><th>Score</th></tr></thead>
  <tbody>${s.hits.map((d) => html`<tr data-document-id="${d.id}">
    <td><a href="/documents/${d.id}">${d.title}</a></td><td>${titleOf.get(d.formKey) ?? d.formKey}</td>
    <td><span class="badge status-${d.status.toLowerCase()}">${d.status}</span></td><td>${d.version}</td>
    <td><meter min="0" max="1" value="${d.score}" title="${d.score.toFixed(4)}"></meter> <span class="score">${score(d.score)}</span></td>
  </tr>`)}</tbody>
</table>`;
}

export function documentsPage(s: { docs: DocRow[]; usage: UsageView; forms: FormView[]; filter: { formKey?: string; status?: string }; q?: string; results?: SafeHtml }): SafeHtml {
  return html`<hgroup><h1>Documents</h1><p>Typed forms drafted by prompt or wizard, generated to PDF.</p></hgroup>
${usageMeter(s.usage)}
<p><a href="/documents/new" role="button">New document</a></p>
<form method="get" action="/documents" role="search">
  <input type="search" name="q" value="${s.q ?? ""}" maxlength="1000" placeholder="Search: an address, a party, a price, a clause…" aria-label="Search documents"
    hx-get="/documents" hx-trigger="keyup changed delay:300ms, search" hx-target="#document-results" hx-push-url="true">
</form>
<form method="get" action="/documents" class="filters">
  <select name="formKey" aria-label="Form"><option value="">All forms</option>${s.forms.map((f) => html`<option value="${f.formKey}"${s.filter.formKey === f.formKey ? html` selected` : ""}>${f.title}</option>`)}</select>
  <select name="status" aria-label="Status"><option value="">Any status</option>${["DRAFT", "GENERATED"].map((st) => html`<option${s.filter.status === st ? html` selected` : ""}>${st}</option>`)}</select>
  <button type="submit">Filter</button>
</form>
<div id="document-results">${s.results ?? documentList(s.docs, s.forms)}</div>`;
}

function dealSelect(deals: DealOption[], selected?: string | null): SafeHtml {
  return html`<label>Deal (optional)
  <select name="dealId"><option value="">No deal</option>${deals.map((d) => html`<option value="${d.id}"${d.id === selected ? html` selected` : ""}>${d.title}</option>`)}</select>
</label>`;
}

export function newDocumentPage(s: { forms: FormView[]; deals: DealOption[]; dealId?: string; csrf: string; prompt?: string; message?: string; drafter: "ai" | "rules" }): SafeHtml {
  return html`<h1>New document</h1>
${formError(s.message)}
<div class="grid">
<article>
  <h2>Describe it</h2>
  <form method="post" action="/documents/draft">
    ${csrfInput(s.csrf)}
    <label for="prompt">What should the document say?</label>
    <textarea id="prompt" name="prompt" rows="4" maxlength="4000" required placeholder="Draft a condo lease for 88 Harbour St unit 2502, $3,200/month, one year from August 1 2026">${s.prompt ?? ""}</textarea>
    ${dealSelect(s.deals, s.dealId)}
    <small>${s.drafter === "ai" ? "The AI gateway drafts; you review every field in the wizard." : "The built-in drafter fills what it recognises (address, unit, money, dates, names, emails); fields it inferred are marked in the wizard."}</small>
    <button type="submit">Draft with ${s.drafter === "ai" ? "AI" : "the built-in drafter"}</button>
  </form>
</article>
<article>
  <h2>Or pick a form</h2>
  <form method="post" action="/documents">
    ${csrfInput(s.csrf)}
    <fieldset>${s.forms.map((f, i) => html`<label><input type="radio" name="formKey" value="${f.formKey}"${i === 0 ? html` checked` : ""}> ${f.title} <small>${f.formKey}</small></label>`)}</fieldset>
    ${dealSelect(s.deals, s.dealId)}
    <button type="submit">Start the wizard</button>
  </form>
</article>
</div>`;
}

const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, "_")}`;

/** The error slot of an input; htmx replaces it out of band after each inline check. */
export function fieldError(name: string, message: string | undefined, oob = false): SafeHtml {
  return html`<small id="${fieldId(name)}-err" class="field-error"${oob ? html` hx-swap-oob="true"` : ""}>${message ?? ""}</small>`;
}

function input(f: Field, error: string | undefined, inferred: boolean): SafeHtml {
  const id = fieldId(f.name);
  const invalid = error ? html` aria-invalid="true"` : "";
  const common = html`id="${id}" name="${f.name}" aria-describedby="${id}-err"${invalid}`;
  const control = (() => {
    switch (f.kind) {
      case "select":
        return html`<select ${common}><option value="">—</option>${f.options!.map((o) => html`<option value="${o}"${o === f.value ? html` selected` : ""}>${o.replace(/_/g, " ")}</option>`)}</select>`;
      case "checkbox":
        return html`<input type="checkbox" value="true" ${common}${f.value === "true" ? html` checked` : ""}>`;
      case "lines":
        return html`<textarea rows="3" ${common}>${f.value}</textarea>`;
      case "date":
        return html`<input type="date" ${common} value="${f.value}">`;
      case "time":
        return html`<input type="time" ${common} value="${f.value}">`;
      case "money":
        return html`<input type="text" inputmode="decimal" ${common} value="${f.value}" placeholder="0.00">`;
      case "number":
        return html`<input type="number" step="any" ${common} value="${f.value}">`;
      default:
        return html`<input type="text" ${common} value="${f.value}">`;
    }
  })();
  return html`<label for="${id}"${inferred ? html` class="inferred"` : ""}>${f.label}${f.kind === "money" ? " ($)" : ""}${f.kind === "lines" ? html` <small>(one per line)</small>` : ""}${inferred ? html` <span class="badge" title="Filled in by the drafter: check it">inferred</span>` : ""}
  ${control}
  ${fieldError(f.name, error)}
</label>`;
}

function nodes(list: Node[], errors: Record<string, string>, inferred: Set<string>, depth = 0): SafeHtml {
  return html`${list.map((n) => n.kind === "group"
    ? html`<fieldset class="group depth-${depth}"><legend>${n.label}</legend>${nodes(n.children, errors, inferred, depth + 1)}</fieldset>`
    : input(n, errors[n.name], inferred.has(n.name)))}`;
}

export interface WizardView {
  doc: { id: string; title: string };
  packTitle: string;
  steps: { key: string; title: string }[];
  step: string;
  nodes: Node[];
  errors: Record<string, string>;
  inferred: string[];
  csrf: string;
  message?: string;
}

export function wizardPage(s: WizardView): SafeHtml {
  const i = s.steps.findIndex((x) => x.key === s.step);
  const action = `/documents/${s.doc.id}/edit/${s.step}`;
  return html`<hgroup><h1>${s.doc.title}</h1><p>${s.packTitle} · step ${i + 1} of ${s.steps.length}</p></hgroup>
<nav aria-label="Wizard steps"><ol class="steps">${s.steps.map((x, j) => html`<li${j === i ? html` aria-current="step"` : ""}><a href="/documents/${s.doc.id}/edit/${x.key}">${x.title}</a></li>`)}<li><a href="/documents/${s.doc.id}/review">Review</a></li></ol></nav>
${formError(s.message)}
${s.inferred.length ? html`<p class="flash flash-info">Fields marked <span class="badge">inferred</span> were filled in by the drafter. Check each one.</p>` : ""}
<form method="post" action="${action}" hx-post="${action}/check" hx-trigger="change" hx-swap="none" class="wizard" novalidate>
  ${csrfInput(s.csrf)}
  <h2>${s.steps[i].title}</h2>
  ${nodes(s.nodes, s.errors, new Set(s.inferred))}
  <div class="grid">
    ${i > 0 ? html`<a role="button" class="secondary" href="/documents/${s.doc.id}/edit/${s.steps[i - 1].key}">Back</a>` : html`<span></span>`}
    <button type="submit">${i === s.steps.length - 1 ? "Save and review" : "Save and continue"}</button>
  </div>
</form>`;
}

/** The out-of-band error slots for every input of the step: set or cleared. */
export function fieldErrorsOob(fields: Field[], errors: Record<string, string>): SafeHtml {
  return html`${fields.map((f) => fieldError(f.name, errors[f.name], true))}`;
}

export interface ReviewRow {
  depth: number;
  label: string;
  value: string | null;
}

export function reviewPage(s: { doc: { id: string; title: string; status: string }; rows: ReviewRow[]; missing: { message: string; path: string[]; step?: string }[]; csrf: string; deals: DealOption[]; dealId: string | null }): SafeHtml {
  return html`<hgroup><h1>Review</h1><p>${s.doc.title}</p></hgroup>
<dl class="review">${s.rows.map((r) => r.value === null
    ? html`<dt class="heading depth-${r.depth}">${r.label}</dt><dd></dd>`
    : html`<dt class="depth-${r.depth}">${r.label}</dt><dd>${r.value}</dd>`)}</dl>
${s.missing.length ? html`<article class="flash flash-error"><strong>Before generating:</strong><ul>${s.missing.map((m) => html`<li>${m.message}${m.step ? html` — <a href="/documents/${s.doc.id}/edit/${m.step}">fix</a>` : ""}</li>`)}</ul></article>` : ""}
<form method="post" action="/documents/${s.doc.id}/generate">
  ${csrfInput(s.csrf)}
  ${dealSelect(s.deals, s.dealId)}
  <button type="submit"${s.missing.length ? html` disabled` : ""}>Generate PDF</button>
</form>`;
}

export interface DocumentView {
  id: string;
  title: string;
  formKey: string;
  packTitle: string;
  status: string;
  version: number;
  pdf: { sha256: string; pages: number } | null;
  deal: DealOption | null;
  generatedAt: string | null;
  versions: { id: string; version: number; status: string; createdAt: string }[];
}

export interface EnvelopeView {
  id: string;
  status: string;
  mode: string;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  sealed: boolean;
  finalSha256: string | null;
  signers: { name: string; email: string; role: string; status: string; signedAt?: string }[];
  events: { type: string; at: string; signer: string | null; ip: string | null }[];
  chainOk: boolean;
}

const ACTIVE_ENVELOPE = ["sent", "partially_signed"];

function signatureSection(d: DocumentView, envelopes: EnvelopeView[], parties: { name: string; email: string | null; role: string }[], csrf: string): SafeHtml {
  if (!d.pdf) return html``;
  const sendable = !envelopes.some((e) => ACTIVE_ENVELOPE.includes(e.status) || e.status === "completed");
  return html`<section id="signatures"><h2>Signatures</h2>
${envelopes.map((e) => html`<article class="envelope">
  <header><strong>${e.status.replace("_", " ")}</strong> · ${e.mode} · sent ${when(e.createdAt)}${e.expiresAt ? html` · expires ${when(e.expiresAt)}` : ""}${e.completedAt ? html` · completed ${when(e.completedAt)}` : ""}</header>
  <ul>${e.signers.map((s) => html`<li>${s.name} &lt;${s.email}&gt; · ${s.role} · <span class="badge">${s.status}</span>${s.signedAt ? html` <small>${when(s.signedAt)}</small>` : ""}</li>`)}</ul>
  ${e.sealed ? html`<p><a role="button" href="/signatures/${e.id}/pdf" download>Download the signed PDF</a><br><small>SHA-256 <code class="sha">${e.finalSha256}</code></small></p>` : e.status === "completed" ? html`<p>Everyone signed; the sealed PDF is being prepared.</p>` : ""}
  ${ACTIVE_ENVELOPE.includes(e.status) ? html`<form method="post" action="/signatures/${e.id}/void" class="inline">${csrfInput(csrf)}<input name="reason" placeholder="Reason" maxlength="500" aria-label="Reason to void"><button type="submit" class="secondary">Void</button></form>` : ""}
  <details><summary>Evidence log (${e.events.length} events, chain ${e.chainOk ? "intact" : "BROKEN"})</summary>
    <table><thead><tr><th>When</th><th>Event</th><th>Signer</th><th>IP</th></tr></thead>
    <tbody>${e.events.map((ev) => html`<tr><td>${when(ev.at)}</td><td>${ev.type}</td><td>${ev.signer ?? ""}</td><td>${ev.ip ?? ""}</td></tr>`)}</tbody></table>
  </details>
</article>`)}
${sendable ? html`<form method="post" action="/documents/${d.id}/signature" class="send-signature">
  ${csrfInput(csrf)}
  <p>Signers from the document: ${parties.map((p, i) => html`${i ? ", " : ""}${p.name} (${p.role}${p.email ? html`, ${p.email}` : html`, <strong class="field-error">no email</strong>`})`)}</p>
  <div class="grid">
    <label>Order <select name="mode"><option value="parallel">Everyone at once</option><option value="sequential">One after another, in this order</option></select></label>
    <label>Links expire after (days) <input type="number" name="expiresInDays" min="1" max="365" placeholder="never"></label>
  </div>
  <button type="submit">Send for signature</button>
</form>` : ""}
</section>`;
}

export function documentPage(s: { doc: DocumentView; csrf: string; pdfjs: { lib: string; worker: string; viewer: string }; envelopes: EnvelopeView[]; parties: { name: string; email: string | null; role: string }[] }): SafeHtml {
  const d = s.doc;
  return html`<hgroup><h1>${d.title}</h1><p>${d.packTitle} · version ${d.version} · <span class="badge status-${d.status.toLowerCase()}">${d.status}</span></p></hgroup>
<div class="grid doc-meta">
  <div>
    ${d.deal ? html`<p>Deal: <a href="/deals/${d.deal.id}">${d.deal.title}</a></p>` : html`<p>Not linked to a deal.</p>`}
    ${d.pdf ? html`<p>Generated ${when(d.generatedAt!)} · ${d.pdf.pages} pages<br><small>SHA-256 <code class="sha">${d.pdf.sha256}</code></small></p>
      <p><a role="button" href="/documents/${d.id}/pdf" download>Download PDF</a></p>` : html`<p><a role="button" href="/documents/${d.id}/edit">Continue the wizard</a> <a href="/documents/${d.id}/review">Review</a></p>`}
    <form method="post" action="/documents/${d.id}/versions">${csrfInput(s.csrf)}<button type="submit" class="secondary">New version</button></form>
  </div>
  <div>
    <h2>Versions</h2>
    <ol class="versions">${d.versions.map((v) => html`<li${v.id === d.id ? html` aria-current="true"` : ""}><a href="/documents/${v.id}">Version ${v.version}</a> <span class="badge">${v.status}</span> <small>${when(v.createdAt)}</small></li>`)}</ol>
  </div>
</div>
${signatureSection(d, s.envelopes, s.parties, s.csrf)}
${d.pdf ? html`<section class="pdf-preview" id="pdf-preview" data-src="/documents/${d.id}/pdf?inline=1" data-lib="${s.pdfjs.lib}" data-worker="${s.pdfjs.worker}" aria-label="PDF preview">
  <p class="loading">Loading the preview…</p>
</section>
<script type="module" src="${s.pdfjs.viewer}"></script>` : ""}`;
}
