// The CSV import page: upload, a progress bar that htmx refreshes while the import runs, and the
// per-row report of what was refused and why.
import { html, type SafeHtml } from "../../src/http/html";
import type { ImportRowResult } from "../../src/db/schema";
import { csrfInput, formError } from "../forms";

export interface ImportView {
  id: string;
  status: "running" | "done" | "failed";
  fileName: string | null;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  refusedCount: number;
  report: ImportRowResult[];
  error: string | null;
}

export function importUploadPage(s: { csrf: string; message?: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Import people</h1>
  <p>A CSV file with a header row. Columns: <code>firstName</code> (or <code>name</code>), <code>lastName</code>, <code>email</code>, <code>phone</code>, <code>type</code> (lead, client, other), <code>tags</code> (separated by ;).</p>
  ${formError(s.message)}
  <form method="post" action="/people/import" enctype="multipart/form-data">
    ${csrfInput(s.csrf)}
    <label>CSV file<input type="file" name="file" accept=".csv,text/csv" required></label>
    <button type="submit">Import</button>
  </form>
</article>`;
}

export function importProgress(v: ImportView): SafeHtml {
  const running = v.status === "running";
  // While running, this fragment asks for itself again; when done it stops polling.
  return html`<div id="import-progress" data-status="${v.status}"${running ? html` hx-get="/people/import/${v.id}/progress" hx-trigger="load delay:400ms" hx-swap="outerHTML"` : ""}>
  <progress value="${v.processedRows}" max="${Math.max(v.totalRows, 1)}"></progress>
  <p>${running ? html`Checking row ${v.processedRows} of ${v.totalRows}…` : v.status === "failed" ? v.error ?? "The import failed" : html`<strong>${v.createdCount}</strong> added, <strong>${v.refusedCount}</strong> refused, of ${v.totalRows} rows.`}</p>
  ${!running && v.refusedCount ? html`<table id="import-report"><thead><tr><th>Row</th><th>Why it was refused</th></tr></thead><tbody>
    ${v.report.filter((r) => r.status === "refused").map((r) => html`<tr><td>${r.row}</td><td>${r.reason ?? ""}</td></tr>`)}
  </tbody></table>` : ""}
  ${!running ? html`<p><a href="/people">Back to people</a></p>` : ""}
</div>`;
}

export function importPage(v: ImportView): SafeHtml {
  return html`<section><h1>Import${v.fileName ? html` of ${v.fileName}` : ""}</h1>${importProgress(v)}</section>`;
}
