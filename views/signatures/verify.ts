// /verify-pdf: anyone holding a PDF can ask whether this appliance completed it, when and by whom.
import { html, type SafeHtml } from "../../src/http/html";

export interface VerifyResult {
  verified: boolean;
  sha256: string;
  documentTitle?: string;
  completedAt?: string;
  signers?: { name: string; role: string; signedAt: string }[];
  signature?: { valid: boolean; coversWholeFile: boolean };
}

export function verifyPage(s: { result?: VerifyResult; message?: string }): SafeHtml {
  const r = s.result;
  return html`<h1>Verify a signed PDF</h1>
<p>Upload a PDF signed with Winnerr (or paste its SHA-256) to learn whether this appliance completed it, when, and by whom. The file is checked and not kept.</p>
${s.message ? html`<p class="flash flash-error" role="alert">${s.message}</p>` : ""}
${r ? (r.verified
    ? html`<article class="flash flash-success" id="verify-result"><strong>Verified.</strong> "${r.documentTitle}" was completed here on ${r.completedAt!.slice(0, 16).replace("T", " ")} UTC.
<ul>${r.signers!.map((x) => html`<li>${x.name} (${x.role}) signed ${x.signedAt.slice(0, 16).replace("T", " ")} UTC</li>`)}</ul>
${r.signature ? html`<p>Digital signature: ${r.signature.valid && r.signature.coversWholeFile ? "valid and covering the whole file" : "NOT valid"}</p>` : ""}
<small>SHA-256 <code class="sha">${r.sha256}</code></small></article>`
    : html`<article class="flash flash-error" id="verify-result"><strong>Not verified.</strong> No document completed on this appliance has exactly this content. A changed file, even by one byte, is not recognised.
${r.signature ? html`<p>Digital signature: ${r.signature.valid ? "valid" : "missing or NOT valid"}</p>` : ""}<br><small>SHA-256 <code class="sha">${r.sha256}</code></small></article>`) : ""}
<form method="post" action="/verify-pdf" enctype="multipart/form-data">
  <label>PDF file <input type="file" name="file" accept="application/pdf"></label>
  <label>or its SHA-256 <input name="sha256" pattern="[0-9a-fA-F]{64}" placeholder="64 hex characters"></label>
  <button type="submit">Verify</button>
</form>`;
}
