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

/** Who the page is for: drives the navigation and the CSRF token htmx sends. */
export interface Viewer {
  name: string;
  csrfToken: string;
  platformAdmin: boolean;
  hasOrg: boolean;
}

// Areas add their entry here as they land.
const MEMBER_NAV: NavItem[] = [
  { href: "/", label: "Dashboard" },
  { href: "/people", label: "People" },
  { href: "/deals", label: "Pipeline" },
  { href: "/documents", label: "Documents" },
  { href: "/obligations", label: "Obligations" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/organization", label: "Organization" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/clickwrap", label: "Clickwrap" },
];
const ANON_NAV: NavItem[] = [
  { href: "/login", label: "Sign in" },
  { href: "/register", label: "Create account" },
];

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  currentPath?: string;
  flash?: Flash;
  viewer?: Viewer;
}

function navFor(viewer: Viewer | undefined): NavItem[] {
  if (!viewer) return ANON_NAV;
  const items = viewer.hasOrg ? [...MEMBER_NAV] : [{ href: "/onboarding", label: "Set up your brokerage" }];
  if (viewer.platformAdmin) items.push({ href: "/admin/outbox", label: "Outbox" });
  items.push({ href: "/docs", label: "API" }, { href: "/account", label: viewer.name });
  return items;
}

export function layout({ title, body, currentPath = "/", flash, viewer }: LayoutOptions): SafeHtml {
  // htmx adds this header to every request it makes, so HTMX posts carry the CSRF token too.
  const hxHeaders = viewer ? JSON.stringify({ "X-CSRF-Token": viewer.csrfToken }) : undefined;
  return html`<html lang="en-CA">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Winnerr</title>
  <link rel="icon" href="${assetUrls.favicon}" type="image/svg+xml">
  <link rel="stylesheet" href="${assetUrls.css}">
  <script src="${assetUrls.htmx}" defer></script>
</head>
<body${hxHeaders ? html` hx-headers="${hxHeaders}"` : ""}>
  <header>
    <nav>
      <ul><li><a class="brand" href="/">Winn<span>err</span></a></li></ul>
      <ul>${navFor(viewer).map((n) => html`<li><a href="${n.href}"${n.href === currentPath ? html` aria-current="page"` : ""}>${n.label}</a></li>`)}
      ${viewer ? html`<li><form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button type="submit" class="link">Sign out</button></form></li>` : ""}</ul>
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
