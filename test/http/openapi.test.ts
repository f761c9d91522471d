import { afterAll, beforeAll, expect, test } from "bun:test";
import { API_TAGS } from "../../src/modules/docs/routes";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
let spec: any;
beforeAll(async () => {
  app = await startTestApp();
  spec = await (await app.fetch("/openapi.json")).json();
});
afterAll(() => app.stop());

test("the document is OpenAPI 3.1 and lists the health routes", () => {
  expect(spec.openapi).toStartWith("3.1");
  expect(spec.info.title).toBe("Winnerr API");
  expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/health", "/api/v1/health"]));
});

test("every operation has a declared tag and a JSON schema for every response", () => {
  const tagNames = API_TAGS.map((t) => t.name);
  let operations = 0;
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      operations++;
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.tags?.length, where).toBeGreaterThan(0);
      for (const tag of op.tags) expect(tagNames, where).toContain(tag);
      expect(Object.keys(op.responses ?? {}).length, where).toBeGreaterThan(0);
      for (const [status, r] of Object.entries<any>(op.responses)) {
        // A download (the document PDF) is described by its own media type.
        expect(r.content?.["application/json"]?.schema ?? r.content?.["application/pdf"]?.schema, `${where} ${status}`).toBeDefined();
      }
    }
  }
  expect(operations).toBeGreaterThan(1);
});

test("the document PDF download is described as application/pdf", () => {
  const op = spec.paths["/api/documents/{id}/pdf"].get;
  expect(op.responses["200"].content["application/pdf"].schema).toEqual({ type: "string", format: "binary" });
  expect(op.responses["404"].content["application/json"].schema.properties.error).toBeDefined();
});

test("pages, assets and the docs themselves stay out of the API document", () => {
  const paths = Object.keys(spec.paths);
  expect(paths.some((p) => p.startsWith("/assets") || p === "/" || p === "/docs" || p.startsWith("/partials"))).toBe(false);
});

test("/docs loads its script from the appliance, not a CDN", async () => {
  const res = await app.fetch("/docs");
  expect(res.status).toBe(200);
  const page = await res.text();
  const srcs = [...page.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  expect(srcs.length).toBeGreaterThan(0);
  for (const s of srcs) expect(s).toStartWith("/assets/");
  const script = await app.fetch(srcs[0]);
  expect(script.status).toBe(200);
  expect(script.headers.get("cache-control")).toContain("immutable");
});
