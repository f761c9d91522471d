// Organization onboarding and settings, the team page, invitations and the admin outbox.
import { html, type SafeHtml } from "../../src/http/html";
import type { FormState } from "../auth/pages";
import { csrfInput, field, formError } from "../forms";

export function onboardingPage(s: FormState & { csrf: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Set up your brokerage</h1>
  <p>Create your organization. You will be its owner and can invite your team next.</p>
  ${formError(s.message)}
  <form method="post" action="/onboarding">
    ${csrfInput(s.csrf)}
    ${field({ label: "Brokerage name", name: "companyName", value: s.values?.companyName, errors: s.errors, required: true })}
    ${field({ label: "Phone", name: "phone", type: "tel", value: s.values?.phone, errors: s.errors, placeholder: "+14165550100", hint: "Optional, international format." })}
    ${field({ label: "Description", name: "description", value: s.values?.description, errors: s.errors })}
    <button type="submit">Create organization</button>
  </form>
</article>`;
}

export interface OrgView {
  companyName: string;
  phone: string | null;
  description: string | null;
  allowedIps: string[] | null;
}

export function organizationPage(s: FormState & { csrf: string; org: OrgView; canEdit: boolean; yourIp: string }): SafeHtml {
  const v = s.values ?? {};
  const ips = v.allowedIps ?? (s.org.allowedIps ?? []).join("\n");
  return html`<section>
  <h1>Organization</h1>
  ${formError(s.message)}
  ${s.canEdit ? html`<form method="post" action="/settings/organization">
    ${csrfInput(s.csrf)}
    ${field({ label: "Brokerage name", name: "companyName", value: v.companyName ?? s.org.companyName, errors: s.errors, required: true })}
    ${field({ label: "Phone", name: "phone", type: "tel", value: v.phone ?? s.org.phone, errors: s.errors, placeholder: "+14165550100" })}
    ${field({ label: "Description", name: "description", value: v.description ?? s.org.description, errors: s.errors })}
    <label for="f-allowedIps">Allowed IP addresses
      <textarea id="f-allowedIps" name="allowedIps" rows="4" placeholder="One address or CIDR range per line"${s.errors?.allowedIps ? html` aria-invalid="true"` : ""}>${ips}</textarea>
      <small${s.errors?.allowedIps ? html` class="field-error"` : ""}>${s.errors?.allowedIps ?? html`Leave empty to allow sign-in from anywhere. Your address now: <code>${s.yourIp}</code>`}</small>
    </label>
    <button type="submit">Save</button>
  </form>` : html`<dl><dt>Name</dt><dd>${s.org.companyName}</dd><dt>Phone</dt><dd>${s.org.phone ?? "—"}</dd><dt>Description</dt><dd>${s.org.description ?? "—"}</dd></dl>
  <p><small>Only owners and admins can change these settings.</small></p>`}
</section>`;
}

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: string;
  status: string;
  lastLoginAt: string | null;
}

const ROLE_OPTIONS = ["member", "admin", "owner"];

export function teamPage(s: FormState & { csrf: string; members: MemberView[]; canManage: boolean; youId: string }): SafeHtml {
  return html`<section>
  <h1>Team</h1>
  ${formError(s.message)}
  <table class="team" id="team">
    <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Status</th><th>Last sign-in</th>${s.canManage ? html`<th></th>` : ""}</tr></thead>
    <tbody>${s.members.map((m) => html`<tr data-email="${m.email}">
      <td>${m.name}${m.id === s.youId ? html` <span class="badge">you</span>` : ""}</td>
      <td>${m.email}</td>
      <td>${s.canManage && m.id !== s.youId ? html`<form method="post" action="/settings/team/${m.id}/role" class="inline" hx-post="/settings/team/${m.id}/role" hx-trigger="change">
          ${csrfInput(s.csrf)}
          <select name="role" aria-label="Role of ${m.name}">${ROLE_OPTIONS.map((r) => html`<option value="${r}"${r === m.role ? html` selected` : ""}>${r}</option>`)}</select>
          <noscript><button type="submit">Change</button></noscript>
        </form>` : m.role}</td>
      <td><span class="badge">${m.status}</span></td>
      <td>${m.lastLoginAt ? html`<time datetime="${m.lastLoginAt}">${m.lastLoginAt.slice(0, 16).replace("T", " ")} UTC</time>` : "—"}</td>
      ${s.canManage ? html`<td>${m.id !== s.youId ? html`<form method="post" action="/settings/team/${m.id}/remove" class="inline">${csrfInput(s.csrf)}<button type="submit" class="link" aria-label="Remove ${m.name}">Remove</button></form>` : ""}</td>` : ""}
    </tr>`)}</tbody>
  </table>
  ${s.canManage ? html`<article>
    <h2>Invite someone</h2>
    <form method="post" action="/settings/team/invite">
      ${csrfInput(s.csrf)}
      <div class="grid">
        ${field({ label: "Name", name: "name", value: s.values?.name, errors: s.errors, required: true })}
        ${field({ label: "Email", name: "email", type: "email", value: s.values?.email, errors: s.errors, required: true })}
        <label for="f-role">Role<select id="f-role" name="role">${ROLE_OPTIONS.map((r) => html`<option value="${r}"${r === (s.values?.role ?? "member") ? html` selected` : ""}>${r}</option>`)}</select></label>
      </div>
      <button type="submit">Send invitation</button>
    </form>
  </article>` : ""}
</section>`;
}

export function acceptInvitePage(s: FormState & { token: string; email: string; company: string; name: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Join ${s.company}</h1>
  <p>You were invited as <strong>${s.email}</strong>. Choose your name and password.</p>
  ${formError(s.message)}
  <form method="post" action="/invite/${s.token}">
    ${field({ label: "Your name", name: "name", value: s.values?.name ?? s.name, errors: s.errors, required: true, autocomplete: "name" })}
    ${field({ label: "Password", name: "password", type: "password", errors: s.errors, required: true, autocomplete: "new-password", hint: "At least 10 characters." })}
    <button type="submit">Join</button>
  </form>
</article>`;
}

export interface OutboxView {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  createdAt: string;
}

export function outboxPage(s: { messages: OutboxView[]; transport: string }): SafeHtml {
  return html`<section class="outbox">
  <h1>Mail outbox</h1>
  <p>${s.transport === "smtp" ? "Mail goes out through SMTP; nothing is kept here." : "No SMTP server is configured (SMTP_URL), so mail is kept here. Forward links to their recipients by hand."}</p>
  ${s.messages.length ? s.messages.map((m) => html`<article>
    <header><strong>${m.subject}</strong><br><small>To ${m.toAddress} · <time datetime="${m.createdAt}">${m.createdAt}</time></small></header>
    <pre>${m.text}</pre>
  </article>`) : html`<p><em>No messages.</em></p>`}
</section>`;
}
