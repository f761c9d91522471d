// Signed JWTs (the appliance's ES256 key): 15-minute access tokens, and purpose tokens for
// links in mail (email verification 24 h, invitation 7 days). Times come from the Clock.
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { Clock } from "../../lib/clock";
import type { SigningKey } from "../keys/service";

export const ACCESS_TTL_SECONDS = 15 * 60;
export const AUDIENCE = "winnerr";

export type Purpose = "access" | "verify_email" | "invite";

export interface TokenIssuer {
  key: SigningKey;
  issuer: string;
  clock: Clock;
}

export async function signToken(t: TokenIssuer, purpose: Purpose, subject: string, ttlSeconds: number, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT({ ...claims, typ: purpose })
    .setProtectedHeader({ alg: t.key.alg, kid: t.key.kid })
    .setSubject(subject)
    .setIssuer(t.issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(t.key.privateKey);
}

export type VerifyResult = { ok: true; payload: JWTPayload & { sub: string } } | { ok: false; reason: "expired" | "invalid" };

export async function verifyToken(t: TokenIssuer, purpose: Purpose, token: string): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, t.key.publicKey, {
      issuer: t.issuer,
      audience: AUDIENCE,
      algorithms: [t.key.alg],
      currentDate: t.clock.now(),
    });
    if (payload.typ !== purpose || typeof payload.sub !== "string") return { ok: false, reason: "invalid" };
    return { ok: true, payload: payload as JWTPayload & { sub: string } };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}
