// The signer's side: the capability is the link token. opened → authenticated (a verified
// one-time code) → consented (to the exact consent text, by version and SHA-256) → signed, or
// declined from any active state. Every step is one write transaction, so concurrent signers
// of one envelope serialise on the single writer: exactly one of them completes it.
import { and, desc, eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { signatureEnvelopes, signatureSigners, signatureTokens, signerCodes, users } from "../../db/schema";
import { HttpError, conflict } from "../../http/errors";
import { DAY, MINUTE } from "../../lib/clock";
import { constantTimeEqual, sha256Hex } from "../../lib/crypto";
import { newUuid } from "../../lib/ids";
import { senderNoticeMail, signerCodeMail } from "../../../views/mail/signatures";
import { getDocument } from "../documents/service";
import { recordActivity } from "../people/activity";
import { CONSENT_SHA256, CONSENT_VERSION } from "./consent";
import { appendEvent, type Meta } from "./evidence";
import { issueToken, mailLink, type EnvelopeRow, type SignerRow } from "./service";
import { sendSms } from "./sms";

/** The uniform answer for any bad, used, expired or voided link: the public family renders { state: "gone" }. */
export const gone = () => new HttpError(404, "gone", "gone");
const invalidState = (message: string) => conflict("invalid_state", message);

const ACTIVE_SIGNER = ["sent", "opened", "authenticated", "consented"] as const;
const CODE_TTL = 10 * MINUTE;
const CODE_ATTEMPTS = 5;

export interface Located {
  signer: SignerRow;
  envelope: EnvelopeRow;
}

/**
 * The signer and envelope behind a token, or null for every kind of dead link. One hash and one
 * lookup whatever the reason, so the answer's timing does not tell the reasons apart.
 */
export function locate(ctx: AppContext, token: string, db = ctx.db.write): Located | null {
  const row = db.select({ signer: signatureSigners, envelope: signatureEnvelopes }).from(signatureTokens)
    .innerJoin(signatureSigners, eq(signatureSigners.id, signatureTokens.signerId))
    .innerJoin(signatureEnvelopes, eq(signatureEnvelopes.id, signatureSigners.envelopeId))
    .where(eq(signatureTokens.tokenHash, sha256Hex(token))).get();
  if (!row) return null;
  const { signer, envelope } = row;
  const expired = envelope.expiresAt !== null && envelope.expiresAt <= ctx.clock.now().toISOString();
  if (expired || (envelope.status !== "sent" && envelope.status !== "partially_signed")) return null;
  if (signer.status === "signed" || signer.status === "declined") return null;
  return row;
}

function located(ctx: AppContext, token: string): Located {
  const l = locate(ctx, token);
  if (!l) throw gone();
  return l;
}

const setSigner = (ctx: AppContext, id: string, set: Partial<typeof signatureSigners.$inferInsert>) =>
  ctx.db.write.update(signatureSigners).set(set).where(eq(signatureSigners.id, id)).run();

export function signerView(s: SignerRow, e: EnvelopeRow) {
  return { name: s.name, role: s.role, status: s.status, documentId: e.documentId };
}

/** GET: opening the link records "opened" the first time. */
export function openLink(ctx: AppContext, token: string, meta: Meta) {
  return ctx.db.writer.transaction(() => {
    const { signer, envelope } = located(ctx, token);
    if (signer.status === "sent") {
      const now = ctx.clock.now().toISOString();
      setSigner(ctx, signer.id, { status: "opened", openedAt: now });
      appendEvent(ctx, envelope.organizationId, envelope.id, { type: "opened", signerId: signer.id, meta });
      return { state: "active" as const, signer: signerView({ ...signer, status: "opened" }, envelope) };
    }
    return { state: "active" as const, signer: signerView(signer, envelope) };
  }).immediate();
}

function randomCode(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
  return String(n).padStart(6, "0");
}
const codeHash = (signerId: string, code: string) => sha256Hex(`${signerId}:${code}`);

/** Sends a 6-digit code by mail (or SMS through Twilio when configured and the signer has a phone). */
export async function requestCode(ctx: AppContext, token: string, channel: "email" | "sms", meta: Meta): Promise<{ sent: true; channel: "email" | "sms"; to: string }> {
  const code = randomCode();
  const { signer, envelope, use } = ctx.db.writer.transaction(() => {
    const l = located(ctx, token);
    if (l.signer.status === "pending") throw invalidState("it is not your turn to sign yet");
    const use: "email" | "sms" = channel === "sms" && ctx.config.signatures.twilio && l.signer.phone ? "sms" : "email";
    const recent = ctx.db.write.select({ createdAt: signerCodes.createdAt }).from(signerCodes).where(eq(signerCodes.signerId, l.signer.id))
      .orderBy(desc(signerCodes.createdAt)).limit(5).all();
    // At most five codes in ten minutes: enough for a lost mail, too few to spam an inbox.
    if (recent.length === 5 && recent[4].createdAt > new Date(ctx.clock.now().getTime() - CODE_TTL).toISOString()) {
      throw new HttpError(429, "rate_limited", "Too many codes requested; wait a few minutes", undefined, { "Retry-After": "600" });
    }
    const now = ctx.clock.now();
    ctx.db.write.insert(signerCodes).values({
      id: newUuid(), organizationId: l.envelope.organizationId, signerId: l.signer.id, channel: use, codeHash: codeHash(l.signer.id, code),
      createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + CODE_TTL).toISOString(),
    }).run();
    appendEvent(ctx, l.envelope.organizationId, l.envelope.id, { type: "code_sent", signerId: l.signer.id, meta, data: { channel: use } });
    return { ...l, use };
  }).immediate();
  const title = getDocument(ctx, envelope.organizationId, envelope.documentId).title;
  if (use === "sms") await sendSms(ctx, signer.phone!, `Your Winnerr code to sign "${title}": ${code}. It works for 10 minutes.`);
  else await ctx.mailer.send({ to: signer.email, organizationId: envelope.organizationId, ...signerCodeMail(code, title) });
  const masked = use === "sms" ? `…${signer.phone!.slice(-4)}` : signer.email.replace(/^(.).*(@.*)$/, "$1…$2");
  return { sent: true, channel: use, to: masked };
}

/** Checks a code: 5 attempts per code, 10 minutes. A right code marks it verified for authenticate. */
export function verifyCode(ctx: AppContext, token: string, code: string, meta: Meta): { verified: boolean; attemptsLeft: number } {
  const result = ctx.db.writer.transaction(() => {
    const { signer, envelope } = located(ctx, token);
    const now = ctx.clock.now().toISOString();
    const row = ctx.db.write.select().from(signerCodes).where(eq(signerCodes.signerId, signer.id)).orderBy(desc(signerCodes.createdAt)).limit(1).get();
    if (!row || row.expiresAt <= now || row.verifiedAt) throw invalidState("request a new code");
    if (row.attempts >= CODE_ATTEMPTS) throw invalidState("too many attempts; request a new code");
    const ok = constantTimeEqual(row.codeHash, codeHash(signer.id, code.trim()));
    ctx.db.write.update(signerCodes).set(ok ? { verifiedAt: now, attempts: row.attempts + 1 } : { attempts: row.attempts + 1 }).where(eq(signerCodes.id, row.id)).run();
    appendEvent(ctx, envelope.organizationId, envelope.id, { type: ok ? "code_verified" : "code_failed", signerId: signer.id, meta, data: { channel: row.channel } });
    return { verified: ok, attemptsLeft: ok ? 0 : CODE_ATTEMPTS - row.attempts - 1 };
  }).immediate();
  if (!result.verified) throw new HttpError(400, "invalid_code", `That code is not right (${result.attemptsLeft} attempts left)`);
  return result;
}

/** A code verified in the last 10 minutes backs `codeVerified: true`; its channel names the auth method. */
function verifiedChannel(ctx: AppContext, signerId: string): string | null {
  const since = new Date(ctx.clock.now().getTime() - CODE_TTL).toISOString();
  const row = ctx.db.write.select().from(signerCodes).where(eq(signerCodes.signerId, signerId)).orderBy(desc(signerCodes.createdAt)).limit(1).get();
  return row?.verifiedAt && row.verifiedAt >= since ? row.channel : null;
}

export interface SignatureInput {
  kind: "typed" | "drawn";
  text?: string;
  /** A PNG image, base64 (a data: URL prefix is accepted). */
  image?: string;
}

export interface ActInput {
  action: "authenticate" | "consent" | "sign" | "decline";
  codeVerified?: boolean;
  reason?: string;
  turnstileToken?: string;
  signature?: SignatureInput;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

function readSignature(s: SignerRow, input?: SignatureInput): { kind: "typed" | "drawn"; text: string; png: Buffer | null } {
  if (input?.kind === "drawn") {
    const png = Buffer.from((input.image ?? "").replace(/^data:image\/png;base64,/, ""), "base64");
    if (png.length < 60 || png.length > 500_000 || !PNG_MAGIC.every((b, i) => png[i] === b)) {
      throw new HttpError(400, "validation_failed", "A drawn signature must be a PNG image under 500 KB", [{ field: "signature.image", message: "PNG image required" }]);
    }
    return { kind: "drawn", text: s.name, png };
  }
  const text = (input?.text ?? s.name).trim().slice(0, 200);
  return { kind: "typed", text: text || s.name, png: null };
}

/** POST: one step of the state machine. Turnstile is checked by the route before this runs. */
export function act(ctx: AppContext, token: string, input: ActInput, meta: Meta): { ok: true; completed?: boolean } {
  const after: (() => Promise<void>)[] = [];
  const result = ctx.db.writer.transaction(() => {
    const { signer, envelope } = located(ctx, token);
    const orgId = envelope.organizationId;
    const now = ctx.clock.now().toISOString();
    const ev = (type: string, extra: { authMethod?: string | null; data?: Record<string, unknown> } = {}) =>
      appendEvent(ctx, orgId, envelope.id, { type, signerId: signer.id, meta, ...extra });
    if (signer.status === "pending") throw invalidState("it is not your turn to sign yet");

    switch (input.action) {
      case "authenticate": {
        if (signer.status !== "opened") throw invalidState(signer.status === "sent" ? "open the document before authenticating" : "already authenticated");
        const channel = input.codeVerified === true ? verifiedChannel(ctx, signer.id) : null;
        if (!channel) throw invalidState("verify the code sent to you before authenticating");
        const authMethod = `${channel}_otp`;
        setSigner(ctx, signer.id, { status: "authenticated", authenticatedAt: now, authMethod });
        ev("authenticated", { authMethod });
        return { ok: true as const };
      }
      case "consent": {
        if (signer.status !== "authenticated") throw invalidState(signer.status === "consented" ? "consent already given" : "authentication required before consent");
        setSigner(ctx, signer.id, { status: "consented", consentedAt: now, consentVersion: CONSENT_VERSION, consentSha256: CONSENT_SHA256 });
        ev("consented", { authMethod: signer.authMethod, data: { consentVersion: CONSENT_VERSION, consentSha256: CONSENT_SHA256 } });
        return { ok: true as const };
      }
      case "sign": {
        if (signer.status !== "consented") throw invalidState("consent required before signing");
        const sig = readSignature(signer, input.signature);
        setSigner(ctx, signer.id, { status: "signed", signedAt: now, signatureKind: sig.kind, signatureText: sig.text, signaturePng: sig.png });
        ev("signed", { authMethod: signer.authMethod, data: { signatureKind: sig.kind, signatureSha256: sha256Hex(sig.png ?? sig.text) } });
        return { ok: true as const, completed: advance(ctx, envelope, now, after) };
      }
      case "decline": {
        const reason = (input.reason ?? "").trim().slice(0, 1000) || null;
        setSigner(ctx, signer.id, { status: "declined", declinedAt: now, declineReason: reason });
        ctx.db.write.update(signatureEnvelopes).set({ status: "declined", endedAt: now, updatedAt: now, retentionUntil: retention(ctx, now) })
          .where(eq(signatureEnvelopes.id, envelope.id)).run();
        ev("declined", { data: { reason } });
        const doc = getDocument(ctx, orgId, envelope.documentId, ctx.db.write);
        if (doc.dealId) recordActivity(ctx, orgId, { dealId: doc.dealId, kind: "signature_declined", body: `${signer.name} (${signer.role}) declined to sign`, data: { envelopeId: envelope.id, reason } });
        after.push(() => notifySender(ctx, envelope, "declined", `${signer.name} (${signer.role}) declined to sign "${doc.title}".${reason ? ` Reason given: ${reason}` : ""}`));
        return { ok: true as const };
      }
    }
  }).immediate();
  // Mails go out after commit; a mail failure never undoes a signature.
  for (const f of after) f().catch((e) => ctx.logger.error("signature mail failed", { error: (e as Error).message }));
  if (result.completed) ctx.signatures.kick();
  return result;
}

const retention = (ctx: AppContext, from: string) => {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + ctx.config.signatures.retentionYears);
  return d.toISOString();
};

/** After a signature: complete the envelope, or move it on (the next signer's turn in sequence). */
function advance(ctx: AppContext, envelope: EnvelopeRow, now: string, after: (() => Promise<void>)[]): boolean {
  const orgId = envelope.organizationId;
  const signers = ctx.db.write.select().from(signatureSigners).where(eq(signatureSigners.envelopeId, envelope.id)).orderBy(signatureSigners.position).all();
  if (signers.every((s) => s.status === "signed")) {
    ctx.db.write.update(signatureEnvelopes).set({
      status: "completed", completedAt: now, updatedAt: now, retentionUntil: retention(ctx, now), sealStatus: "pending", sealNextAt: now,
    }).where(eq(signatureEnvelopes.id, envelope.id)).run();
    appendEvent(ctx, orgId, envelope.id, { type: "completed", data: { signers: signers.length } });
    return true;
  }
  ctx.db.write.update(signatureEnvelopes).set({ status: "partially_signed", updatedAt: now }).where(eq(signatureEnvelopes.id, envelope.id)).run();
  const next = envelope.mode === "sequential" ? signers.find((s) => s.status === "pending") : undefined;
  if (next) {
    setSigner(ctx, next.id, { status: "sent", sentAt: now });
    const token = issueToken(ctx, orgId, next.id, "turn");
    appendEvent(ctx, orgId, envelope.id, { type: "sent", signerId: next.id, data: { email: next.email, role: next.role } });
    after.push(() => mailLink(ctx, envelope, { ...next, status: "sent" }, token));
  }
  return false;
}

export function senderEmail(ctx: AppContext, envelope: EnvelopeRow): string | null {
  if (!envelope.createdBy) return null;
  return ctx.db.read.select({ email: users.email }).from(users).where(eq(users.id, envelope.createdBy)).get()?.email ?? null;
}

export async function notifySender(ctx: AppContext, envelope: EnvelopeRow, kind: "completed" | "declined" | "expired" | "seal_failed", detail: string) {
  const to = senderEmail(ctx, envelope);
  if (!to) return;
  const doc = getDocument(ctx, envelope.organizationId, envelope.documentId);
  await ctx.mailer.send({ to, organizationId: envelope.organizationId, ...senderNoticeMail(kind, { title: doc.title, detail, url: `${ctx.config.publicUrl}/documents/${doc.id}` }) });
}

export const REMINDER_EVERY = (ctx: AppContext) => ctx.config.signatures.reminderDays * DAY;
export { ACTIVE_SIGNER };

/** Signer rows joined for a token, even when the link is finished (the completion screen's download). */
export function locateAny(ctx: AppContext, token: string): Located | null {
  const row = ctx.db.read.select({ signer: signatureSigners, envelope: signatureEnvelopes }).from(signatureTokens)
    .innerJoin(signatureSigners, eq(signatureSigners.id, signatureTokens.signerId))
    .innerJoin(signatureEnvelopes, and(eq(signatureEnvelopes.id, signatureSigners.envelopeId)))
    .where(eq(signatureTokens.tokenHash, sha256Hex(token))).get();
  return row ?? null;
}
