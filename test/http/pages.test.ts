import { afterAll, beforeAll, expect, test } from "bun:test";
import htmxPkg from "htmx.org/package.json";
import { flashCookie } from "../../src/http/flash";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test("the home page uses the layout: header, navigation, flash area, footer, local assets", async () => {
  const res = await app.fetch("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  const page = await res.text();
  expect(page).toStartWith("<!doctype html>");
  expect(page).toContain("<header>");
  expect(page).toContain(`<a href="/login">Sign in</a>`); // signed-out navigation
  expect(page).toContain('id="flash"');
  expect(page).toContain("<footer>");
  expect(page).toContain(`src="/assets/htmx-${htmxPkg.version}.min.js"`);
  expect(page).not.toMatch(/(src|href)="https?:\/\//); // nothing from a CDN
});

test("htmx and the stylesheet are served from the binary with long cache headers", async () => {
  const page = await (await app.fetch("/")).text();
  const js = await app.fetch(`/assets/htmx-${htmxPkg.version}.min.js`);
  expect(js.status).toBe(200);
  expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(js.headers.get("content-type")).toContain("javascript");
  expect(await js.text()).toContain("htmx");

  const cssUrl = page.match(/href="(\/assets\/app-[0-9a-f]{12}\.css)"/)![1];
  const css = await app.fetch(cssUrl);
  expect(css.status).toBe(200);
  expect(css.headers.get("cache-control")).toContain("immutable");
  expect(css.headers.get("content-type")).toContain("text/css");
  expect(await css.text()).toContain(".flash-success");
});

test("<script> in data renders as text, never as markup", async () => {
  const res = await app.fetch("/", { headers: { Cookie: flashCookie({ kind: "info", text: '<script>alert("pwned")</script>' }).split(";")[0] } });
  const page = await res.text();
  expect(page).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
  expect(page).not.toContain('<script>alert("pwned")</script>');
  // the flash is shown once: the response clears the cookie
  expect(res.headers.get("set-cookie")).toContain("winnerr_flash=;");
});

test("the status partial is an htmx fragment, not a page", async () => {
  const res = await app.fetch("/partials/status", { headers: { "HX-Request": "true" } });
  const text = await res.text();
  expect(text).not.toContain("<html");
  expect(text).toContain('data-status="healthy"');
});
