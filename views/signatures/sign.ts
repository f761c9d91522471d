// The signer's page (/sign/:token): mobile-first, one step at a time. Everything works with plain
// forms (htmx only swaps the step in place); drawing a signature and the page preview are the
// only parts that need more script, and both have a fallback (type your name; open the PDF).
import { html, raw, type SafeHtml } from "../../src/http/html";
import { assetUrls } from "../../src/http/assets";
import { publicPage } from "../public-page";

export interface SignView {
  token: string;
  title: string;
  company: string;
  signer: { name: string; role: string; status: string; email: string };
  consentText: string;
  consentVersion: string;
  codeSentTo?: string;
  message?: string;
  turnstileSiteKey: string | null;
  completed?: boolean;
  sealed?: boolean;
}

function frame(title: string, body: SafeHtml, opts: { turnstile?: boolean } = {}): string {
  return publicPage({
    title, body,
    head: html`<script src="${assetUrls.htmx}" defer></script>
  <script src="${assetUrls.signaturePad}" defer></script>
  <script src="${assetUrls.signPage}" defer></script>
  ${opts.turnstile ? raw('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>') : ""}`,
    bodyAttrs: html` class="sign-page"`,
    footer: html`Electronic signing by Winnerr for the brokerage named above. <a href="/verify-pdf">Verify a signed PDF</a>`,
  });
}

export function gonePage(): string {
  return frame("Link not active", html`<h1>This link is no longer active</h1>
<p>It may have been used already, expired, or been withdrawn by the brokerage. If you still need to sign, ask the person who sent it for a new link.</p>`);
}

const turnstile = (v: SignView) => (v.turnstileSiteKey ? html`<div class="cf-turnstile" data-sitekey="${v.turnstileSiteKey}"></div>` : "");

function stepFor(v: SignView): SafeHtml {
  const base = `/sign/${v.token}`;
  const form = (action: string, inner: SafeHtml, extra = "") =>
    html`<form method="post" action="${base}/${action}" hx-post="${base}/${action}" hx-target="#step" hx-swap="outerHTML"${raw(extra)}>${inner}</form>`;
  switch (v.signer.status) {
    case "pending":
      return html`<h2>Not your turn yet</h2><p>This document is signed in order. We will email you when it is your turn.</p>`;
    case "sent":
    case "opened":
      return html`<h2>1. Confirm it is you</h2>
${v.codeSentTo
    ? html`<p>We sent a 6-digit code to <strong>${v.codeSentTo}</strong>. It works for 10 minutes.</p>
${form("verify", html`<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required><button type="submit">Confirm</button>`)}
${form("code", html`<button type="submit" class="secondary">Send another code</button>`)}`
    : html`<p>We will email a 6-digit code to the address this link was sent to.</p>${form("code", html`<button type="submit">Email me a code</button>`)}`}`;
    case "authenticated":
      return html`<h2>2. Agree to sign electronically</h2>
<div class="consent" id="consent-text">${v.consentText.split("\n\n").map((p) => html`<p>${p}</p>`)}</div>
<p><small>Consent text version ${v.consentVersion}</small></p>
${form("consent", html`<label><input type="checkbox" name="agree" value="yes" required> I have read this and agree to sign electronically</label><button type="submit">I agree</button>`)}`;
    case "consented":
      return html`<h2>3. Sign</h2>
${form("sign", html`
  <fieldset>
    <legend>Your signature</legend>
    <label for="typed">Type your name</label>
    <input id="typed" name="text" value="${v.signer.name}" maxlength="200">
    <div class="draw" hidden>
      <p>Or draw it:</p>
      <canvas id="signature-pad" width="600" height="160" aria-label="Draw your signature here"></canvas>
      <button type="button" class="secondary" id="clear-signature">Clear</button>
    </div>
    <input type="hidden" name="kind" value="typed">
    <input type="hidden" name="image" value="">
  </fieldset>
  ${turnstile(v)}
  <button type="submit" id="sign-button">Sign the document</button>`, ' id="sign-form"')}
${declineForm(v, form)}`;
    default:
      return html`<p>Nothing to do here.</p>`;
  }
}

function declineForm(v: SignView, form: (a: string, inner: SafeHtml, extra?: string) => SafeHtml): SafeHtml {
  return html`<details class="decline"><summary>Decline to sign</summary>
${form("decline", html`<label for="reason">Reason (optional, shared with the brokerage)</label><textarea id="reason" name="reason" maxlength="1000" rows="3"></textarea>${turnstile(v)}<button type="submit" class="secondary">Decline</button>`)}
</details>`;
}

/** The part htmx swaps after each step. */
export function signStep(v: SignView): SafeHtml {
  // Once signed or declined, the unsigned preview goes (htmx removes it out of band): what is left
  // to download is the signed PDF.
  const clear = html`<div id="document-view" hx-swap-oob="true"></div>`;
  if (v.signer.status === "signed") return html`${doneStep(v)}${clear}`;
  if (v.signer.status === "declined") return html`<section id="step"><h2>You declined</h2><p>The brokerage has been told. Nothing was signed.</p></section>${clear}`;
  const showDecline = v.signer.status === "opened" || v.signer.status === "authenticated";
  const base = `/sign/${v.token}`;
  return html`<section id="step">
${v.message ? html`<p class="flash flash-error" role="alert">${v.message}</p>` : ""}
${stepFor(v)}
${showDecline ? declineForm(v, (action, inner) => html`<form method="post" action="${base}/${action}" hx-post="${base}/${action}" hx-target="#step" hx-swap="outerHTML">${inner}</form>`) : ""}
</section>`;
}

function doneStep(v: SignView): SafeHtml {
  const base = `/sign/${v.token}`;
  if (!v.completed) return html`<section id="step"><h2>Signed. Thank you.</h2><p>When everyone has signed, we will email you the final PDF with every signature and a certificate of completion.</p></section>`;
  if (!v.sealed) {
    return html`<section id="step" hx-get="${base}/done" hx-trigger="every 2s" hx-swap="outerHTML"><h2>Everyone has signed</h2><p>Preparing the sealed PDF… <span aria-busy="true"></span></p></section>`;
  }
  return html`<section id="step"><h2>Everyone has signed</h2>
<p>The final PDF carries every signature, a certificate of completion and a digital seal; we have also emailed it to you.</p>
<p><a role="button" id="download-signed" href="${base}/signed.pdf" download>Download the signed PDF</a></p></section>`;
}

export function signPage(v: SignView): string {
  const base = `/sign/${v.token}`;
  const active = !["signed", "declined"].includes(v.signer.status);
  return frame(`Sign: ${v.title}`, html`<hgroup><h1>${v.title}</h1><p>${v.company} asks <strong>${v.signer.name}</strong> (${v.signer.role}) to sign</p></hgroup>
${active ? html`<div id="document-view"><p><a href="${base}/document.pdf" target="_blank" rel="noopener">Open the document (PDF)</a></p>
<section class="pdf-preview" id="pdf-preview" data-src="${base}/document.pdf" data-lib="${assetUrls.pdfjsLib}" data-worker="${assetUrls.pdfjsWorker}" aria-label="The document"><p class="loading">Loading the pages…</p></section></div>
<script type="module" src="${assetUrls.pdfPreview}"></script>` : ""}
${signStep(v)}`, { turnstile: !!v.turnstileSiteKey });
}
