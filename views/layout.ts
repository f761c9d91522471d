// The page frame every server-rendered page shares: header with navigation, flash messages,
// main content and footer. Assets come from the binary (no CDN).
import { assetUrls } from "../src/http/assets";
import type { Flash } from "../src/http/flash";
import { html, type SafeHtml } from "../src/http/html";
import pkg from "../package.json";

export interface NavItem {
  href: string;
  label: string;
}

// Areas add their entry here as they land.
export const NAV: NavItem[] = [
  { href: "/", label: "Home" },
  { href: "/docs", label: "API" },
];

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  currentPath?: string;
  flash?: Flash;
}

export function layout({ title, body, currentPath = "/", flash }: LayoutOptions): SafeHtml {
  return html`<html lang="en-CA">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Winnerr</title>
  <link rel="icon" href="${assetUrls.favicon}" type="image/svg+xml">
  <link rel="stylesheet" href="${assetUrls.css}">
  <script src="${assetUrls.htmx}" defer></script>
</head>
<body>
  <header>
    <nav>
      <ul><li><a class="brand" href="/">Winn<span>err</span></a></li></ul>
      <ul>${NAV.map((n) => html`<li><a href="${n.href}"${n.href === currentPath ? html` aria-current="page"` : ""}>${n.label}</a></li>`)}</ul>
    </nav>
  </header>
  <main>
    <div id="flash" aria-live="polite">${flash ? html`<p class="flash flash-${flash.kind}" role="status">${flash.text}</p>` : ""}</div>
    ${body}
  </main>
  <footer>
    <small>Winnerr ${pkg.version} · self-hosted brokerage software</small>
  </footer>
</body>
</html>`;
}
