// The SQLite handle, opened the way PocketBase runs SQLite: busy_timeout first, then WAL,
// foreign keys on, synchronous=FULL (an acknowledged signature survives a power cut).
// One write connection and one read connection; WAL lets the reader run beside the writer.
import { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import { loadVec0, materializeVec0 } from "./sqlite-vec";

export type Drizzle = BunSQLiteDatabase<typeof schema>;

export interface Db {
  /** drizzle over the single write connection: every command goes here. */
  write: Drizzle;
  /** drizzle over the read connection (query_only): lists and lookups. */
  read: Drizzle;
  writer: Database;
  reader: Database;
  file: string;
  checkpoint(): void;
  optimize(): void;
  close(): void;
}

export const DB_FILENAME = "winnerr.db";

function applyPragmas(conn: Database, role: "writer" | "reader"): void {
  conn.run("PRAGMA busy_timeout = 5000");
  if (role === "writer") conn.run("PRAGMA journal_mode = WAL");
  conn.run("PRAGMA foreign_keys = ON");
  conn.run("PRAGMA synchronous = FULL");
  if (role === "reader") conn.run("PRAGMA query_only = ON");
}

/**
 * Opens DATA_DIR/winnerr.db (or an in-memory database when dataDir is ":memory:",
 * used by `winnerr openapi`), loading sqlite-vec into every connection.
 */
export async function openDatabase(dataDir: string): Promise<Db> {
  const memory = dataDir === ":memory:";
  let file = ":memory:";
  let vec: string;
  if (memory) {
    vec = await materializeVec0(path.join(process.env.TMPDIR ?? "/tmp", "winnerr-vec"));
  } else {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = path.join(dataDir, DB_FILENAME);
    vec = await materializeVec0(dataDir);
  }

  const writer = new Database(file, { create: true, strict: true });
  applyPragmas(writer, "writer");
  loadVec0(writer, vec);

  // An in-memory database is private to its connection, so it reads through the writer.
  const reader = memory ? writer : new Database(file, { strict: true });
  if (!memory) {
    applyPragmas(reader, "reader");
    loadVec0(reader, vec);
  }

  return {
    write: drizzle({ client: writer, schema }),
    read: drizzle({ client: reader, schema }),
    writer,
    reader,
    file,
    checkpoint: () => { if (!memory) writer.run("PRAGMA wal_checkpoint(TRUNCATE)"); },
    optimize: () => writer.run("PRAGMA optimize"),
    close: () => {
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}

/**
 * An online, consistent copy. VACUUM INTO reads inside one read transaction, so in WAL mode
 * readers and the writer carry on while it runs.
 */
export function backupTo(conn: Database, target: string): void {
  conn.run("VACUUM INTO ?", [path.resolve(target)]);
}
