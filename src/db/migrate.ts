// Applies the SQL that drizzle-kit generated in migrations/. The stock migrator reads the
// journal from disk; the binary has no migrations folder, so the journal and SQL files are
// embedded (migrations.gen.ts) and handed to drizzle's dialect from memory.
import type { MigrationMeta } from "drizzle-orm/migrator";
import { sha256Hex } from "../lib/crypto";
import type { Db } from "./client";
import { embeddedMigrations } from "./migrations.gen";

export interface Journal {
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

export function migrationsFrom(journal: Journal, sqlByTag: Record<string, string>): MigrationMeta[] {
  return journal.entries.map((e) => {
    const sql = sqlByTag[e.tag];
    if (sql === undefined) throw new Error(`migration ${e.tag} is in the journal but not embedded`);
    return {
      sql: sql.split("--> statement-breakpoint"),
      bps: e.breakpoints,
      folderMillis: e.when,
      hash: sha256Hex(sql),
    };
  });
}

/** Runs pending migrations in one transaction; returns how many were applied. */
export function runMigrations(db: Db): number {
  const migrations = migrationsFrom(embeddedMigrations.journal, embeddedMigrations.sql);
  const before = appliedCount(db);
  const d = db.write as unknown as { dialect: { migrate(m: MigrationMeta[], s: unknown, c: unknown): void }; session: unknown };
  d.dialect.migrate(migrations, d.session, { migrationsFolder: "(embedded)" });
  return appliedCount(db) - before;
}

function appliedCount(db: Db): number {
  const exists = db.writer
    .query("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
    .get();
  if (!exists) return 0;
  return (db.writer.query("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
}
