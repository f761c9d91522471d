// /consent/:agreementId: the public page a person reads and accepts an agreement on. Mobile
// first, no session, no script needed (a plain form post). With embed=1 it is the compact page
// the embed snippet frames on a brokerage's own website, and it loads the embed script, which
// tells the embedding page its height and the acceptance.
import { assetUrls } from "../../src/http/assets";
import { html, type SafeHtml } from "../../src/http/html";
import { publicPage } from "../public-page";

export interface ConsentView {
  agreement: { id: string; title: string; body: string; versionHash: string };
  subjectRef: string | null;
  embed: boolean;
  message?: string;
}

export interface AcceptedView {
  agreement: { id: string; title: string };
  version: number;
  versionHash: string;
  acceptedAt: string;
  /** acceptedAt in the brokerage's time zone, for people. */
  acceptedOn: string;
  embed: boolean;
}

// The compact layout for the frame: no page margins, no footer, smaller headings.
const EMBED_STYLE = html`<style>
body.consent-embed main { padding: .5rem; max-width: none; }
body.consent-embed h1 { font-size: 1.3rem; margin-bottom: .5rem; }
body.consent-embed .consent { max-height: 50vh; overflow-y: auto; }
body.consent-embed > footer { display: none; }
</style>`;

function frame(title: string, body: SafeHtml, embed: boolean): string {
  return publicPage({
    title, body,
    head: embed ? html`${EMBED_STYLE}<script src="${assetUrls.clickwrapEmbed}" defer></script>` : undefined,
    bodyAttrs: html` class="sign-page${embed ? " consent-embed" : ""}"${embed ? html` data-winnerr-frame` : ""}`,
    footer: "Acceptance recorded by Winnerr for the brokerage that published this agreement.",
  });
}

/** Paragraphs at blank lines, line breaks kept inside them; every word escaped. */
export function paragraphs(text: string): SafeHtml[] {
  return text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).filter((p) => p.trim()).map((p) => {
    const lines = p.split("\n");
    return html`<p>${lines.map((l, i) => html`${i ? html`<br>` : ""}${l}`)}</p>`;
  });
}

export const shortHash = (hash: string) => hash.slice(0, 12);

export function consentPage(v: ConsentView): string {
  const a = v.agreement;
  return frame(a.title, html`<h1>${a.title}</h1>
${v.message ? html`<p class="flash flash-error" role="alert">${v.message}</p>` : ""}
<div class="consent" id="agreement-text">${paragraphs(a.body)}</div>
<form method="post" action="/consent/${a.id}" id="accept-form">
  <input type="hidden" name="versionHash" value="${a.versionHash}">
  ${v.subjectRef ? html`<input type="hidden" name="subjectRef" value="${v.subjectRef}">` : ""}
  ${v.embed ? html`<input type="hidden" name="embed" value="1">` : ""}
  <button type="submit">Accept</button>
</form>
<p><small>Version <code>${shortHash(a.versionHash)}</code>. By selecting Accept you confirm that you have read and agree to the text above. The time, the version, your IP address and browser are recorded.</small></p>`, v.embed);
}

export function acceptedPage(v: AcceptedView): string {
  return frame(v.agreement.title, html`<section data-winnerr-accepted data-agreement-id="${v.agreement.id}" data-version-hash="${v.versionHash}" data-accepted-at="${v.acceptedAt}">
<h1>${v.agreement.title}</h1>
<p class="flash flash-success" role="status">Thank you — accepted on <time datetime="${v.acceptedAt}">${v.acceptedOn}</time>, version <code>${shortHash(v.versionHash)}</code>.</p>
<p><small>Version ${v.version}, SHA-256 <code class="sha">${v.versionHash}</code>. You may close this page.</small></p>
</section>`, v.embed);
}

export function consentGonePage(embed: boolean): string {
  return frame("Agreement not available", html`<h1>This agreement is not available</h1>
<p>The link may be mistyped, or the brokerage has withdrawn the agreement. If you were asked to accept it, contact the brokerage for a current link.</p>`, embed);
}
