// The shipped artefact: dist/winnerr, built here with the README's command, copied alone into
// an empty directory, must run every CLI command, serve both health routes, and stop cleanly.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { assetUrls } from "../../src/http/assets";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { tempDir } from "../support/app";

const root = path.resolve(import.meta.dir, "../..");
let dir: string;
let bin: string;

function run(args: string[], env: Record<string, string> = {}) {
  const r = Bun.spawnSync([bin, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, ...env } });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, "run", "build"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stderr}`);
  dir = tempDir("winnerr-binary-");
  bin = path.join(dir, "winnerr");
  copyFileSync(path.join(root, "dist/winnerr"), bin);
  Bun.spawnSync(["chmod", "+x", bin]);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("--help and --version; sqlite-vec loads inside the binary", () => {
  const help = run(["--help"]);
  expect(help.code).toBe(0);
  for (const c of ["serve", "migrate", "backup FILE", "openapi"]) expect(help.out).toContain(c);
  const version = run(["--version"]);
  expect(version.code).toBe(0);
  expect(version.out).toMatch(/winnerr \d+\.\d+\.\d+ \(sqlite 3\.\d+\.\d+, sqlite-vec v\d+\.\d+\.\d+/);
});

test("a wrong environment value stops the start and names the variable", () => {
  const r = run(["serve"], { PORT: "eighty" });
  expect(r.code).not.toBe(0);
  expect(r.err).toContain("PORT");
  const unknown = run(["frobnicate"]);
  expect(unknown.code).toBe(2);
});

test("migrate creates the database in DATA_DIR and is idempotent", () => {
  const first = run(["migrate"], { DATA_DIR: "data" });
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/applied \d+ migration/);
  expect(existsSync(path.join(dir, "data/winnerr.db"))).toBe(true);
  expect(run(["migrate"], { DATA_DIR: "data" }).out).toContain("up to date");
});

test("openapi prints the document", () => {
  const r = run(["openapi"]);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.out);
  expect(doc.openapi).toStartWith("3.1");
  expect(doc.paths["/api/v1/health"]).toBeDefined();
});

test("serve answers both health routes and the home page; backup runs beside it; SIGTERM stops it cleanly", async () => {
  const started = performance.now();
  const proc = Bun.spawn([bin, "serve"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", DATA_DIR: "data" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  const reader = proc.stdout.getReader();
  let buf = "";
  let url = "";
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited early:\n${lines.join("\n")}\n${await new Response(proc.stderr).text()}`);
    buf += new TextDecoder().decode(value);
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      const m = line.match(/listening on (http:\/\/\S+?)"/);
      if (m) url = m[1];
    }
  }
  const drain = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
    }
  })();

  const health = await fetch(url + "/health");
  expect(health.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(5000);
  expect(await health.json()).toMatchObject({ status: "healthy", database: "connected" });
  const full = await fetch(url + "/api/v1/health");
  expect(await full.json()).toMatchObject({ success: true, status: 200, data: { status: "healthy", database: "connected" } });
  const port = new URL(url).port;
  const hc = run(["healthcheck"], { PORT: port });
  expect(hc.code).toBe(0);
  expect(run(["healthcheck"], { PORT: "1" }).code).not.toBe(0); // nothing listens there
  const home = await fetch(url + "/");
  const page = await home.text();
  const htmx = page.match(/src="(\/assets\/htmx-[^"]+)"/)![1];
  expect((await fetch(url + htmx)).status).toBe(200);

  // Document OS inside the binary: the embedded font renders a PDF, pdf.js is served.
  const pdf = await generateInBinary(url, path.join(dir, "data/winnerr.db"));
  expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(5000);
  expect((await fetch(url + assetUrls.pdfjsWorker)).status).toBe(200);

  // An online backup while the server holds the database.
  const backup = run(["backup", "copy.db"], { DATA_DIR: "data" });
  expect(backup.code).toBe(0);
  const copy = new Database(path.join(dir, "copy.db"), { readonly: true });
  expect((copy.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
  expect((copy.query("SELECT count(*) AS n FROM signing_keys").get() as { n: number }).n).toBe(1);
  copy.close();
  expect(run(["backup", "copy.db"], { DATA_DIR: "data" }).code).not.toBe(0); // never overwrites

  const t0 = performance.now();
  proc.kill("SIGTERM");
  const code = await proc.exited;
  await drain;
  expect(code).toBe(0);
  expect(performance.now() - t0).toBeLessThan(5000);
  expect(buf).toContain('"msg":"stopped"');
  const wal = path.join(dir, "data/winnerr.db-wal");
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
}, 30_000);

/** Registers through the outbox (no SMTP in the smoke test), onboards, and generates a lease. */
async function generateInBinary(url: string, dbFile: string): Promise<Uint8Array> {
  const json = async (method: string, p: string, body?: unknown, token?: string) => {
    const r = await fetch(url + p, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: r.headers.get("content-type")?.includes("json") ? await r.json() : new Uint8Array(await r.arrayBuffer()) };
  };
  const email = "binary@example.ca";
  expect((await json("POST", "/api/v1/auth/register/request-verification", { email })).status).toBe(200);
  const db = new Database(dbFile, { readonly: true });
  const mail = db.query("SELECT text FROM mail_outbox WHERE to_address = ? ORDER BY created_at DESC LIMIT 1").get(email) as { text: string };
  db.close();
  const token = decodeURIComponent(mail.text.match(/verify\?token=([^\s]+)/)![1]);
  const done = await json("POST", "/api/v1/auth/register/complete", { token, name: "Bin Ary", password: "SecurePassword123!" });
  expect(done.status).toBe(201);
  const access = done.body.data.user.tokens.accessToken;
  expect((await json("POST", "/api/v1/customers/onboard", { companyName: "Binary Realty" }, access)).status).toBe(201);
  const relogin = await json("POST", "/api/v1/auth/login", { email, password: "SecurePassword123!" });
  const t = relogin.body.data.auth.tokens.accessToken;
  const doc = await json("POST", "/api/documents", { canonical: EXAMPLES["on/condo-lease"] }, t);
  expect(doc.status).toBe(201);
  expect((await json("POST", `/api/documents/${doc.body.id}/generate`, undefined, t)).status).toBe(200);
  const file = await json("GET", `/api/documents/${doc.body.id}/pdf`, undefined, t);
  expect(file.status).toBe(200);
  return file.body as Uint8Array;
}
