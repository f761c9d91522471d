import { afterEach, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseConfig } from "../../src/config";
import { createContext } from "../../src/context";
import { backupTo, openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { embeddedMigrations } from "../../src/db/migrations.gen";
import { ManualClock } from "../../src/lib/clock";
import { tempDir } from "../support/app";

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

async function fresh(): Promise<{ db: Db; dir: string }> {
  const dir = tempDir();
  const db = await openDatabase(dir);
  cleanup.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, dir };
}

test("connections use the pragmas ARCHITECTURE.md fixes", async () => {
  const { db } = await fresh();
  for (const conn of [db.writer, db.reader]) {
    const get = (p: string) => Object.values(conn.query(`PRAGMA ${p}`).get() as object)[0];
    expect(get("journal_mode")).toBe("wal");
    expect(get("foreign_keys")).toBe(1);
    expect(get("synchronous")).toBe(2); // FULL
    expect(get("busy_timeout")).toBe(5000);
  }
  expect(() => db.reader.run("CREATE TABLE nope (x)")).toThrow(); // the read connection is query_only
});

test("sqlite-vec is loaded: vec_version() and a vec0 table work", async () => {
  const { db } = await fresh();
  expect((db.reader.query("SELECT vec_version() AS v").get() as { v: string }).v).toMatch(/^v\d+\.\d+/);
  db.writer.run("CREATE VIRTUAL TABLE v USING vec0(embedding float[3])");
  db.writer.run("INSERT INTO v(rowid, embedding) VALUES (1, '[1,0,0]'), (2, '[0,1,0]')");
  const nearest = db.reader.query("SELECT rowid FROM v WHERE embedding MATCH '[0.9,0.1,0]' ORDER BY distance LIMIT 1").get() as { rowid: number };
  expect(nearest.rowid).toBe(1);
});

test("migrations apply once; a second run applies nothing", async () => {
  const { db } = await fresh();
  expect(runMigrations(db)).toBe(embeddedMigrations.journal.entries.length);
  expect(runMigrations(db)).toBe(0);
  expect(db.reader.query("SELECT name FROM sqlite_master WHERE name = 'signing_keys'").get()).toBeTruthy();
});

test("the embedded migrations are exactly the SQL files drizzle-kit wrote", () => {
  const dir = path.resolve(import.meta.dir, "../../migrations");
  const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8"));
  expect(embeddedMigrations.journal).toEqual(journal);
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  expect(files).toEqual(journal.entries.map((e: { tag: string }) => `${e.tag}.sql`));
  for (const f of files) expect(embeddedMigrations.sql[f.replace(/\.sql$/, "")]).toBe(readFileSync(path.join(dir, f), "utf8"));
});

test("the signing key is generated once and kept across restarts", async () => {
  const dir = tempDir();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseConfig({ DATA_DIR: dir, LOG_LEVEL: "error" });
  const a = await createContext(config, { clock: new ManualClock(), logSink: () => {} });
  const kid = a.signingKey.kid;
  a.db.close();
  const b = await createContext(config, { clock: new ManualClock(), logSink: () => {} });
  expect(b.signingKey.kid).toBe(kid);
  expect(b.signingKey.publicJwk).toMatchObject({ kty: "EC", crv: "P-256", kid });
  expect(b.signingKey.publicJwk).not.toHaveProperty("d"); // the public half has no private part
  expect((b.db.reader.query("SELECT count(*) AS n FROM signing_keys").get() as { n: number }).n).toBe(1);
  b.db.close();
});

test("backup is a consistent copy taken while a reader holds a transaction and the writer writes", async () => {
  const { db, dir } = await fresh();
  db.writer.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.writer.prepare("INSERT INTO t (v) VALUES (?)");
  db.writer.transaction(() => { for (let i = 0; i < 5000; i++) insert.run(`row ${i}`); })();

  // A reader mid-transaction must neither block the backup nor be blocked by it.
  const reader = new Database(db.file);
  reader.run("BEGIN");
  expect((reader.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(5000);

  const target = path.join(dir, "backup.db");
  backupTo(db.writer, target);
  insert.run("after backup"); // the writer is not blocked either
  expect((reader.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(5000);
  reader.run("COMMIT");
  reader.close();

  const copy = new Database(target, { readonly: true });
  expect((copy.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
  expect((copy.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(5000);
  copy.close();
  expect(existsSync(target)).toBe(true);
});
