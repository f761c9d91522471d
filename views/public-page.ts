// The frame of the public pages people reach from a link (signer, consent): no navigation, no
// session, not indexed, no referrer leaking the capability in the URL.
import { html, type SafeHtml } from "../src/http/html";
import { assetUrls } from "../src/http/assets";

export function publicPage(o: { title: string; head?: SafeHtml; bodyAttrs?: SafeHtml; body: SafeHtml; footer: SafeHtml | string }): string {
  return html`<!doctype html>
<html lang="en-CA">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex">
  <title>${o.title} · Winnerr</title>
  <link rel="icon" href="${assetUrls.favicon}" type="image/svg+xml">
  <link rel="stylesheet" href="${assetUrls.css}">
  ${o.head ?? ""}
</head>
<body${o.bodyAttrs ?? ""}>
<main>${o.body}</main>
<footer><small>${o.footer}</small></footer>
</body>
</html>`.value;
}
