// A secret kept in a file under DATA_DIR/secrets (file 0600, directory 0700), made once on first
// use. It is written whole under a temporary name and linked into place: link() fails when the
// name exists, so two processes starting together agree on one secret and neither reads half a file.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export function readOrCreateSecret(file: string, make: () => string | Uint8Array): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, make(), { mode: 0o600, flag: "wx", flush: true });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file);
}
