// `winnerr reindex`, run as the CLI is run: a child process on the DATA_DIR of a stopped app.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import path from "node:path";
import { DB_FILENAME } from "../../src/db/client";
import { EXAMPLES } from "../../src/modules/forms/examples";
import { startTestApp, tempDir, type TestApp } from "../support/app";
import { ownerOf, signedIn, type TestAccount } from "../support/accounts";
import { startFakeOpenAI, type FakeOpenAI } from "../support/openai";
import { hashEmbedding } from "./hash-embedding";

const ROOT = path.resolve(import.meta.dir, "../..");
const PASSWORD = "correct horse battery"; // what ownerOf gives its accounts

let dataDir: string;
let ai: FakeOpenAI;
let owners: { a: TestAccount; b: TestAccount };
const ids: string[] = [];

async function reindex(env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AI_")));
  const proc = Bun.spawn([process.execPath, "src/main.ts", "reindex"], {
    cwd: ROOT, env: { ...clean, DATA_DIR: dataDir, LOG_LEVEL: "error", ...env }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

function withDb<T>(fn: (db: Database) => T): T {
  const db = new Database(path.join(dataDir, DB_FILENAME));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The app on the reindexed DATA_DIR, with the first owner signed in again. */
async function reopen(env: Record<string, string> = {}): Promise<{ app: TestApp; a: TestAccount }> {
  const app = await startTestApp({ dataDir, env });
  const a = await signedIn(app, { userId: owners.a.userId, orgId: owners.a.orgId, email: owners.a.email, password: PASSWORD });
  return { app, a };
}

beforeAll(async () => {
  ai = startFakeOpenAI();
  ai.embed((s) => Array.from(hashEmbedding(s)));
  const app = await startTestApp();
  owners = { a: await ownerOf(app, "Harbour Realty"), b: await ownerOf(app, "Other Brokerage") };
  for (const [who, key] of [[owners.a, "on/aps"], [owners.a, "on/residential-lease"], [owners.a, "on/buyer-rep"], [owners.b, "on/condo-lease"]] as const) {
    const r = await who.api("POST", "/api/documents", { canonical: EXAMPLES[key] });
    ids.push((await r.json()).id);
  }
  await app.ctx.events.idle();
  dataDir = app.dataDir;
  await app.stop({ keepData: true });
});
afterAll(() => {
  ai.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("winnerr reindex", () => {
  test("rebuilds the keyword index of every document, with progress on stderr and a summary", async () => {
    withDb((db) => {
      db.run("DELETE FROM document_search");
      // A row no document owns any more: reindex removes it.
      db.query("INSERT INTO document_search(rowid, document_id, organization_id, title, body) VALUES (9999, 'doc_gone', ?, 'Gone', '88 Harbour St')").run(owners.a.orgId);
    });
    const { code, stdout, stderr } = await reindex();
    expect(code).toBe(0);
    // Not a terminal: whole lines, no carriage returns.
    expect(stderr).not.toContain("\r");
    const lines = stderr.trim().split("\n");
    expect(lines[0]).toBe("[--------------------]   0% 0/4 documents");
    expect(lines.at(-1)).toBe("[####################] 100% 4/4 documents");
    expect(stdout).toMatch(/^reindexed 4 documents in \d+\.\d s: keyword index rebuilt; no embedding model configured/);
    expect(withDb((db) => (db.query("SELECT count(*) AS n FROM document_search").get() as { n: number }).n)).toBe(4);

    const { app, a } = await reopen();
    try {
      const found = async (q: string) => ((await (await a.api("GET", `/api/documents/search?q=${encodeURIComponent(q)}`)).json()).hits as { documentId: string }[]).map((h) => h.documentId);
      const harbour = await found("88 Harbour St");
      expect(harbour[0]).toBe(ids[0]);
      expect(harbour).not.toContain(ids[3]); // the other brokerage's condo lease at the same address stays theirs
      expect(await found("Priya Patel")).toEqual([ids[1]]);
      expect(await found("Northgate Realty")).toEqual([ids[2]]);
    } finally {
      await app.stop({ keepData: true });
    }
  });

  test("with an embedding model: re-chunks and re-embeds everything; a second bar counts the chunks", async () => {
    const env = { AI_BASE_URL: ai.baseUrl, AI_API_KEY: "sk-reindex-secret", AI_EMBEDDING_MODEL: "hash-64" };
    const { code, stdout, stderr } = await reindex(env);
    expect(code).toBe(0);
    expect(stderr).toContain("[####################] 100% 4/4 documents\n");
    const chunks = withDb((db) => db.query("SELECT count(*) AS n, count(embedded_model) AS embedded FROM document_chunks").get() as { n: number; embedded: number });
    expect(chunks.n).toBeGreaterThanOrEqual(4);
    expect(chunks.embedded).toBe(chunks.n);
    expect(stderr).toContain(`[####################] 100% ${chunks.n}/${chunks.n} chunks embedded\n`);
    expect(stdout).toContain(`; ${chunks.n} chunks embedded with hash-64`);
    expect(stderr + stdout).not.toContain("sk-reindex-secret");
    expect(ai.requests.filter((r) => r.path === "/v1/embeddings").flatMap((r) => r.body.input).length).toBe(chunks.n);
    // vec0's own rowid table (readable without loading sqlite-vec): one vector per chunk.
    expect(withDb((db) => (db.query("SELECT count(*) AS n FROM document_vectors_64_rowids").get() as { n: number }).n)).toBe(chunks.n);

    const { app, a } = await reopen(env);
    try {
      const res = await (await a.api("GET", "/api/documents/search?q=Harbour")).json();
      expect(res.mode).toBe("hybrid");
      expect(res.hits[0].documentId).toBe(ids[0]);
      expect(res.hits.map((h: { documentId: string }) => h.documentId)).not.toContain(ids[3]);
    } finally {
      await app.stop({ keepData: true });
    }
  });

  test("a gateway that fails: the keyword index is rebuilt anyway, the command says so and exits 1", async () => {
    const { code, stdout, stderr } = await reindex({ AI_BASE_URL: "http://127.0.0.1:9/v1", AI_EMBEDDING_MODEL: "hash-64", AI_TIMEOUT_MS: "500" });
    expect(code).toBe(1);
    expect(stdout).toStartWith("reindexed 4 documents");
    expect(stderr).toContain("embedding stopped: The AI gateway is unreachable. The keyword index is complete");
  });

  test("no database: a clear error; --help lists the command", async () => {
    const missing = tempDir();
    const proc = Bun.spawn([process.execPath, "src/main.ts", "reindex"], { cwd: ROOT, env: { ...process.env, DATA_DIR: path.join(missing, "none") }, stderr: "pipe" });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stderr).text()).toContain("no database at");
    rmSync(missing, { recursive: true, force: true });
    const help = Bun.spawn([process.execPath, "src/main.ts", "--help"], { cwd: ROOT, stdout: "pipe" });
    expect(await new Response(help.stdout).text()).toContain("reindex        Rebuild the document search index");
  });
});
