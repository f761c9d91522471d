// Static files embedded in the binary and served at versioned URLs with long cache headers:
// a new htmx or a changed stylesheet gets a new URL, so browsers may cache forever.
import { Elysia } from "elysia";
import htmxPkg from "htmx.org/package.json";
import htmxSource from "htmx.org/dist/htmx.min.js" with { type: "text" };
import picoCss from "@picocss/pico/css/pico.classless.min.css" with { type: "text" };
import appCss from "../../views/assets/app.css" with { type: "text" };
import favicon from "../../views/assets/favicon.svg" with { type: "text" };
import scalarPath from "@scalar/api-reference/browser/standalone.js" with { type: "file" };
import { sha256Hex } from "../lib/crypto";

const css = `${picoCss}\n${appCss}`;
// The Scalar package does not export its package.json, so its URL carries a content hash.
const scalarHash = sha256Hex(new Uint8Array(await Bun.file(scalarPath).arrayBuffer())).slice(0, 12);

export const assetUrls = {
  htmx: `/assets/htmx-${htmxPkg.version}.min.js`,
  css: `/assets/app-${sha256Hex(css).slice(0, 12)}.css`,
  scalar: `/assets/scalar-${scalarHash}.js`,
  favicon: `/assets/favicon-${sha256Hex(favicon).slice(0, 12)}.svg`,
};

const IMMUTABLE = "public, max-age=31536000, immutable";

function asset(body: string | Blob, type: string): Response {
  return new Response(body, {
    headers: { "Content-Type": type, "Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff" },
  });
}

export const assetRoutes = new Elysia({ name: "assets" })
  .get(assetUrls.htmx, () => asset(htmxSource, "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.css, () => asset(css, "text/css; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.favicon, () => asset(favicon, "image/svg+xml"), { detail: { hide: true } })
  .get(assetUrls.scalar, () => asset(Bun.file(scalarPath), "text/javascript; charset=utf-8"), { detail: { hide: true } });
