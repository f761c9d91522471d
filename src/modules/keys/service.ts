// The appliance's JWT signing key: generated on first start, kept in the database, reused after.
// Access tokens, verification links and OAuth tokens (later issues) are signed with it.
import { isNull } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from "jose";
import type { Db } from "../../db/client";
import { signingKeys } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { randomBase36 } from "../../lib/ids";

export const SIGNING_ALG = "ES256";

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** Returns the active signing key, creating it if this is the appliance's first start. */
export async function ensureSigningKey(db: Db, clock: Clock): Promise<SigningKey> {
  let row = db.write.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).get();
  if (!row) {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = `k_${randomBase36(16)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
    // A concurrent first start (two processes) must not create two active keys: insert only
    // while none exists, then read back whichever won.
    db.writer.transaction(() => {
      const existing = db.write.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).get();
      if (!existing) {
        db.write.insert(signingKeys).values({
          kid,
          alg: SIGNING_ALG,
          publicJwk: JSON.stringify(publicJwk),
          privateJwk: JSON.stringify(privateJwk),
          createdAt: clock.now().toISOString(),
        }).run();
      }
    }).immediate();
    row = db.write.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).get()!;
  }
  return toSigningKey(row);
}

async function toSigningKey(row: typeof signingKeys.$inferSelect): Promise<SigningKey> {
  const publicJwk = JSON.parse(row.publicJwk) as JWK;
  return {
    kid: row.kid,
    alg: row.alg,
    publicJwk,
    publicKey: (await importJWK(publicJwk, row.alg)) as CryptoKey,
    privateKey: (await importJWK(JSON.parse(row.privateJwk), row.alg)) as CryptoKey,
  };
}
