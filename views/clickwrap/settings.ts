// /settings/clickwrap: the organization's agreements with their current version and acceptance
// count, the publish form (with starter templates) for admins and owners, and one page per
// agreement: its public link and embed snippet, versions, latest acceptances, the CSV export.
import { html, type SafeHtml } from "../../src/http/html";
import type { FormState } from "../auth/pages";
import { csrfInput, field, formError } from "../forms";
import { paragraphs, shortHash } from "./consent";

export interface AgreementView {
  id: string;
  key: string;
  title: string;
  version: number;
  versionHash: string;
  active: boolean;
  acceptanceCount: number;
  updatedAt: string;
}

export interface VersionView {
  version: number;
  versionHash: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface AcceptanceView {
  id: string;
  version: number;
  versionHash: string;
  subjectRef: string | null;
  acceptedAt: string;
  ip: string | null;
}

export interface TemplateView {
  id: string;
  label: string;
}

export interface ClickwrapPageState extends FormState {
  csrf: string;
  canPublish: boolean;
  agreements: AgreementView[];
  templates: readonly TemplateView[];
}

export interface AgreementPageState extends FormState {
  csrf: string;
  canPublish: boolean;
  agreement: AgreementView & { body: string };
  versions: VersionView[];
  acceptances: AcceptanceView[];
  publicLink: string;
  embedSnippet: string;
}

const BASE = "/settings/clickwrap";
const when = (iso: string) => html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
const status = (active: boolean) => html`<span class="badge">${active ? "active" : "inactive"}</span>`;

function publishForm(s: FormState & { csrf: string }, lockedKey?: string): SafeHtml {
  const v = s.values ?? {};
  const bodyError = s.errors?.body;
  return html`<form method="post" action="${BASE}" id="publish-form">
    ${csrfInput(s.csrf)}
    ${lockedKey ? html`<input type="hidden" name="key" value="${lockedKey}">`
      : field({ label: "Key", name: "key", value: v.key, errors: s.errors, required: true, placeholder: "reco-information-guide", hint: "Lowercase letters, digits, '.', '_' or '-'. Publishing an existing key updates that agreement." })}
    ${field({ label: "Title", name: "title", value: v.title, errors: s.errors, required: true })}
    <label for="f-body">Text
      <textarea id="f-body" name="body" rows="12" required maxlength="50000"${bodyError ? html` aria-invalid="true" aria-describedby="f-body-err"` : ""}>${v.body ?? ""}</textarea>
      ${bodyError ? html`<small id="f-body-err" class="field-error">${bodyError}</small>` : html`<small>Leave a blank line between paragraphs. Replace every [placeholder] before publishing. A changed text becomes a new version; people who accepted earlier versions keep theirs.</small>`}
    </label>
    <button type="submit">Publish</button>
  </form>`;
}

export function clickwrapPage(s: ClickwrapPageState): SafeHtml {
  return html`<section>
  <h1>Clickwrap</h1>
  <p>Agreements people accept with one click, on a Winnerr page or embedded in your own website. Each acceptance records the exact version of the text, the time, the IP address and browser, and cannot be changed or deleted.</p>
  ${s.agreements.length ? html`<table id="agreements">
    <thead><tr><th>Agreement</th><th>Key</th><th>Version</th><th>Status</th><th>Acceptances</th><th>Updated</th></tr></thead>
    <tbody>${s.agreements.map((a) => html`<tr data-agreement="${a.id}">
      <td><a href="${BASE}/${a.id}">${a.title}</a></td>
      <td><code>${a.key}</code></td>
      <td>${a.version} · <code>${shortHash(a.versionHash)}</code></td>
      <td>${status(a.active)}</td>
      <td>${a.acceptanceCount}</td>
      <td>${when(a.updatedAt)}</td>
    </tr>`)}</tbody>
  </table>` : html`<p><em>No agreements yet.</em></p>`}
  ${s.canPublish ? html`<article id="publish">
    <h2>Publish an agreement</h2>
    <p>Start from a template (Winnerr's wording for the acknowledgments TRESA asks brokerages to collect; check it against RECO's current requirements and edit it before you publish):</p>
    <p class="templates">${s.templates.map((t) => html`<a role="button" class="secondary" href="${BASE}?template=${t.id}#publish">${t.label}</a> `)}</p>
    ${formError(s.message)}
    ${publishForm(s)}
  </article>` : html`<p><small>Only owners and admins can publish or change agreements.</small></p>`}
</section>`;
}

export function agreementPage(s: AgreementPageState): SafeHtml {
  const a = s.agreement;
  return html`<section>
  <p><a href="${BASE}">← All agreements</a></p>
  <h1>${a.title}</h1>
  <p><code>${a.key}</code> · version ${a.version} · <code>${shortHash(a.versionHash)}</code> · ${status(a.active)} · ${a.acceptanceCount} acceptances</p>
  ${s.canPublish ? html`<form method="post" action="${BASE}/${a.id}/active" class="inline">
    ${csrfInput(s.csrf)}<input type="hidden" name="active" value="${a.active ? "false" : "true"}">
    <button type="submit" style="width:auto">${a.active ? "Deactivate" : "Activate"}</button>
  </form>` : ""}
  ${a.active ? "" : html`<p><small>Inactive: the consent page and the embed show "not available" until you activate it again.</small></p>`}

  <h2>Share</h2>
  <label for="public-link">Public link <small>(add <code>?subjectRef=…</code> to link the acceptance to a person, e.g. their Winnerr person id)</small>
    <input id="public-link" type="text" readonly value="${s.publicLink}">
  </label>
  <label for="embed-snippet">Embed on your website
    <textarea id="embed-snippet" rows="3" readonly>${s.embedSnippet}</textarea>
    <small>Paste it where the agreement should appear; set <code>data-subject-ref</code> per person, or remove it.</small>
  </label>

  <h2>Acceptances</h2>
  <p><a href="${BASE}/${a.id}/acceptances.csv" download>Export CSV</a> <small>(every acceptance, with IP address and browser)</small></p>
  ${s.acceptances.length ? html`<table id="acceptances">
    <thead><tr><th>Accepted</th><th>Subject</th><th>Version</th><th>IP address</th></tr></thead>
    <tbody>${s.acceptances.map((x) => html`<tr data-acceptance="${x.id}">
      <td>${when(x.acceptedAt)}</td>
      <td>${x.subjectRef ?? "—"}</td>
      <td>${x.version} · <code>${shortHash(x.versionHash)}</code></td>
      <td>${x.ip ?? "—"}</td>
    </tr>`)}</tbody>
  </table>${s.acceptances.length < a.acceptanceCount ? html`<p><small>The latest ${s.acceptances.length} of ${a.acceptanceCount}; the export has them all.</small></p>` : ""}` : html`<p><em>No acceptances yet.</em></p>`}

  <h2>Versions</h2>
  ${s.versions.map((v) => html`<details data-version="${v.version}">
    <summary>Version ${v.version} · <code>${shortHash(v.versionHash)}</code> · ${when(v.createdAt)}${v.version === a.version ? " (current)" : ""}</summary>
    <p><strong>${v.title}</strong></p>
    <div class="consent">${paragraphs(v.body)}</div>
    <p><small>SHA-256 <code class="sha">${v.versionHash}</code></small></p>
  </details>`)}

  ${s.canPublish ? html`<article id="publish">
    <h2>Publish a new version</h2>
    ${formError(s.message)}
    ${publishForm({ ...s, values: s.values ?? { title: a.title, body: a.body } }, a.key)}
  </article>` : ""}
</section>`;
}
