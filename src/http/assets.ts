// Static files embedded in the binary and served at versioned URLs with long cache headers:
// a new htmx or a changed stylesheet gets a new URL, so browsers may cache forever.
import { Elysia } from "elysia";
import htmxPkg from "htmx.org/package.json";
import htmxSource from "htmx.org/dist/htmx.min.js" with { type: "text" };
import picoCss from "@picocss/pico/css/pico.classless.min.css" with { type: "text" };
import appCss from "../../views/assets/app.css" with { type: "text" };
import favicon from "../../views/assets/favicon.svg" with { type: "text" };
import scalarPath from "@scalar/api-reference/browser/standalone.js" with { type: "file" };
import pdfjsPkg from "pdfjs-dist/package.json";
import pdfjsLibPath from "pdfjs-dist/build/pdf.min.mjs" with { type: "file" };
import pdfjsWorkerPath from "pdfjs-dist/build/pdf.worker.min.mjs" with { type: "file" };
import pdfPreview from "../../views/assets/pdf-preview.js" with { type: "text" };
import signPage from "../../views/assets/sign.js" with { type: "text" };
import clickwrapEmbed from "../../views/assets/clickwrap-embed.js" with { type: "text" };
// The package's exports map hides its browser build, so it is imported by path.
import signaturePadPath from "../../node_modules/signature_pad/dist/signature_pad.umd.min.js" with { type: "file" };
import { sha256Hex } from "../lib/crypto";

const css = `${picoCss}\n${appCss}`;
// The Scalar package does not export its package.json, so its URL carries a content hash.
const scalarHash = sha256Hex(new Uint8Array(await Bun.file(scalarPath).arrayBuffer())).slice(0, 12);

export const assetUrls = {
  htmx: `/assets/htmx-${htmxPkg.version}.min.js`,
  css: `/assets/app-${sha256Hex(css).slice(0, 12)}.css`,
  scalar: `/assets/scalar-${scalarHash}.js`,
  favicon: `/assets/favicon-${sha256Hex(favicon).slice(0, 12)}.svg`,
  pdfjsLib: `/assets/pdfjs-${pdfjsPkg.version}/pdf.min.mjs`,
  pdfjsWorker: `/assets/pdfjs-${pdfjsPkg.version}/pdf.worker.min.mjs`,
  pdfPreview: `/assets/pdf-preview-${sha256Hex(pdfPreview).slice(0, 12)}.js`,
  signPage: `/assets/sign-${sha256Hex(signPage).slice(0, 12)}.js`,
  clickwrapEmbed: `/assets/clickwrap-embed-${sha256Hex(clickwrapEmbed).slice(0, 12)}.js`,
  signaturePad: `/assets/signature_pad-${sha256Hex(await Bun.file(signaturePadPath).bytes()).slice(0, 12)}.min.js`,
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
  .get(assetUrls.scalar, () => asset(Bun.file(scalarPath), "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.pdfjsLib, () => asset(Bun.file(pdfjsLibPath), "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.pdfjsWorker, () => asset(Bun.file(pdfjsWorkerPath), "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.pdfPreview, () => asset(pdfPreview, "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.signPage, () => asset(signPage, "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.clickwrapEmbed, () => asset(clickwrapEmbed, "text/javascript; charset=utf-8"), { detail: { hide: true } })
  .get(assetUrls.signaturePad, () => asset(Bun.file(signaturePadPath), "text/javascript; charset=utf-8"), { detail: { hide: true } });
