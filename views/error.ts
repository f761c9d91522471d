// The pages family's error page (and its HTMX fragment). It names the request id so a broker
// can quote it to whoever runs the appliance; it never shows a stack trace.
import { html } from "../src/http/html";
import { layout } from "./layout";

const TITLES: Record<number, string> = {
  400: "That request was not valid",
  401: "Please sign in",
  403: "You do not have access to this page",
  404: "Page not found",
  429: "Too many requests",
  500: "Something went wrong",
};

export interface ErrorPage {
  status: number;
  message: string;
  requestId: string;
  fragment?: boolean;
}

export function renderErrorPage({ status, message, requestId, fragment }: ErrorPage): string {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : "Request failed");
  const detail = status >= 500 ? "The error has been logged. If it keeps happening, quote this reference." : message;
  const body = html`<section class="error-page">
    <h1>${title}</h1>
    <p>${detail}</p>
    <p><small>Status ${status} · reference <code>${requestId}</code></small></p>
    ${fragment ? "" : html`<p><a href="/">Back to the home page</a></p>`}
  </section>`;
  return fragment ? body.value : "<!doctype html>\n" + layout({ title, body }).value;
}
