// Sealing short secrets that must be used again in full (webhook signing keys), so they cannot be
// stored as hashes. AES-256-GCM under the appliance's data key, which lives in a file beside the
// database rather than in it: a copy of the database alone (a backup, a stolen file) does not
// reveal the secrets it holds.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import path from "node:path";
import { readOrCreateSecret } from "./secret-file";

const KEY_BYTES = 32;
const IV_BYTES = 12; // GCM's natural nonce size; random per seal, 2^-32 collision odds are far off at our volumes
const TAG_BYTES = 16;
const VERSION = "v1"; // names the format (and, later, which key), so a key rotation can tell old from new

export function dataKeyPath(dataDir: string): string {
  return path.join(dataDir, "secrets", "data.key");
}

/**
 * The appliance's data key: DATA_DIR/secrets/data.key (0600, directory 0700), created with 32
 * random bytes on first use. ":memory:" (the `openapi` command) gets a throwaway key.
 */
export function loadDataKey(dataDir: string): Uint8Array {
  if (dataDir === ":memory:") return new Uint8Array(randomBytes(KEY_BYTES));
  const file = dataKeyPath(dataDir);
  return checkKey(readOrCreateSecret(file, () => randomBytes(KEY_BYTES)), file);
}

function checkKey(bytes: Buffer, file: string): Uint8Array {
  // A damaged key must stop the start: replacing it would silently orphan every sealed secret.
  if (bytes.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes (found ${bytes.length}); restore it from your backup`);
  return new Uint8Array(bytes);
}

/** "v1." + base64url(iv ‖ tag ‖ ciphertext). */
export function seal(key: Uint8Array, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url")}`;
}

/** The plaintext, or an error (never echoing the value) when the key is wrong or the value was altered. */
export function unseal(key: Uint8Array, sealed: string): string {
  const [version, data] = sealed.split(".");
  const raw = Buffer.from(data ?? "", "base64url");
  if (version !== VERSION || raw.length < IV_BYTES + TAG_BYTES) throw new Error("sealed value has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("sealed value cannot be opened with this data key");
  }
}
