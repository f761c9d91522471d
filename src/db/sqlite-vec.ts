// sqlite-vec ships as a shared library. loadExtension() cannot open a path inside the compiled
// binary, so the embedded vec0.so is written once into DATA_DIR under a content-hashed folder.
import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import vec0Path from "sqlite-vec-linux-x64/vec0.so" with { type: "file" };
import { sha256Hex } from "../lib/crypto";

let cached: { dir: string; file: string } | undefined;

export async function materializeVec0(dataDir: string): Promise<string> {
  if (cached?.dir === dataDir) return cached.file;
  const bytes = new Uint8Array(await Bun.file(vec0Path).arrayBuffer());
  // SQLite derives the init symbol from the file name, so the hash goes in the folder name.
  const dir = path.join(dataDir, "lib", `sqlite-vec-${sha256Hex(bytes).slice(0, 16)}`);
  const file = path.join(dir, "vec0.so");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Write then rename, so a crash never leaves a truncated library under the final name.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o644 });
    renameSync(tmp, file);
  }
  cached = { dir: dataDir, file };
  return file;
}

export function loadVec0(db: Database, file: string): void {
  db.loadExtension(file);
}
