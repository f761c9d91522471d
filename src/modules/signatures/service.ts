// Envelopes, the sender's side: send a generated document for signature (parallel or
// sequential), read envelopes, void them. Each signer's link is a random token of which only the
// SHA-256 is stored; the raw token leaves this module once, in the create response's url fields
// and the signer's own mail, never in a log line.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context";
import { organizations, signatureEnvelopes, signatureSigners, signatureTokens, type EnvelopeStatus } from "../../db/schema";
import { badRequest, conflict, notFound, type FieldError } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { DAY } from "../../lib/clock";
import { randomSecret, sha256Hex } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { signRequestMail } from "../../../views/mail/signatures";
import { getDocument } from "../documents/service";
import { packFor } from "../forms/registry";
import { recordActivity } from "../people/activity";
import { appendEvent, SYSTEM, type Meta } from "./evidence";

export type EnvelopeRow = typeof signatureEnvelopes.$inferSelect;
export type SignerRow = typeof signatureSigners.$inferSelect;

export const ACTIVE: EnvelopeStatus[] = ["sent", "partially_signed"];
export const isTerminal = (s: EnvelopeStatus) => !ACTIVE.includes(s);

export interface SignerInput {
  name: string;
  email: string;
  role: string;
  order?: number;
  phone?: string;
}

export interface SendInput {
  mode?: "parallel" | "sequential";
  expiresInDays?: number;
  signers?: SignerInput[];
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const cannotSend = (message: string) => conflict("cannot_send_for_signature", message);

/** Issues a new link for the signer; returns the raw token (stored only as its hash). */
export function issueToken(ctx: AppContext, orgId: string, signerId: string, purpose: string): string {
  const token = randomSecret(32);
  ctx.db.write.insert(signatureTokens).values({ tokenHash: sha256Hex(token), organizationId: orgId, signerId, purpose, createdAt: ctx.clock.now().toISOString() }).run();
  return token;
}

export const signUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/sign/${token}`;

export function companyName(ctx: AppContext, orgId: string): string {
  return ctx.db.read.select({ n: organizations.companyName }).from(organizations).where(eq(organizations.id, orgId)).get()?.n ?? "Your brokerage";
}

/** Mails the signer a fresh link of their own (their turn, a reminder, a resend). */
export async function mailLink(ctx: AppContext, env: EnvelopeRow, signer: SignerRow, token: string, opts: { reminder?: boolean } = {}) {
  const doc = getDocument(ctx, env.organizationId, env.documentId);
  const mail = signRequestMail({ signerName: signer.name, company: companyName(ctx, env.organizationId), title: doc.title, url: signUrl(ctx, token), expiresAt: env.expiresAt, reminder: opts.reminder });
  await ctx.mailer.send({ to: signer.email, organizationId: env.organizationId, ...mail });
}

function resolveSigners(ctx: AppContext, canonical: Record<string, unknown>, formKey: string, input?: SignerInput[]): SignerInput[] {
  if (input?.length) {
    const fields: FieldError[] = [];
    input.forEach((s, i) => {
      if (!s.name.trim()) fields.push({ field: `signers.${i}.name`, message: "name is required" });
      if (!EMAIL.test(s.email.trim())) fields.push({ field: `signers.${i}.email`, message: "email must be an email address" });
    });
    if (fields.length) throw badRequest("Validation failed", fields);
    return input.map((s) => ({ ...s, name: s.name.trim(), email: s.email.trim().toLowerCase() }));
  }
  const parties = packFor(formKey)!.parties(canonical);
  if (!parties.length) throw cannotSend("the document has no signing parties");
  const noEmail = parties.filter((p) => !p.email);
  if (noEmail.length) throw cannotSend(`every signer needs an email; add it in the request's signers (${noEmail.map((p) => p.name).join(", ")} has none)`);
  return parties.map((p) => ({ name: p.name, email: p.email!.toLowerCase(), role: p.role }));
}

export async function sendForSignature(ctx: AppContext, principal: Principal, documentId: string, input: SendInput, meta: Meta) {
  const orgId = principal.orgId!;
  const doc = getDocument(ctx, orgId, documentId);
  if (!packFor(doc.formKey)) throw cannotSend("not an engine document (no formKey)");
  if (doc.status !== "GENERATED" || !doc.pdfSha256) throw cannotSend(`the document must be GENERATED before it is sent (it is ${doc.status})`);
  const signers = resolveSigners(ctx, doc.canonical, doc.formKey, input.signers);
  const mode = input.mode ?? "parallel";
  // Routing order: the request's `order` when given, else the list's order.
  const ordered = signers.map((s, i) => ({ ...s, order: s.order ?? i + 1 })).sort((a, b) => a.order - b.order);

  const now = ctx.clock.now();
  const links: { signerId: string; name: string; email: string; role: string; url: string }[] = [];
  const toMail: { signer: SignerRow; token: string }[] = [];
  const envelope = ctx.db.writer.transaction(() => {
    const id = newId("env");
    ctx.db.write.insert(signatureEnvelopes).values({
      id, organizationId: orgId, documentId, status: "sent", mode, documentSha256: doc.pdfSha256!, createdBy: principal.userId ?? null,
      createdAt: now.toISOString(), updatedAt: now.toISOString(),
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY).toISOString() : null,
    }).run();
    appendEvent(ctx, orgId, id, { type: "created", meta, data: { documentId, documentSha256: doc.pdfSha256, mode, by: principal.userId ?? null } });
    ordered.forEach((s, i) => {
      const signerId = newId("signer");
      // Sequential: only the first signer's turn has come; the others wait ("pending").
      const now1 = mode === "parallel" || i === 0;
      ctx.db.write.insert(signatureSigners).values({
        id: signerId, organizationId: orgId, envelopeId: id, position: i + 1, name: s.name, email: s.email, phone: s.phone ?? null, role: s.role,
        status: now1 ? "sent" : "pending", sentAt: now1 ? now.toISOString() : null,
      }).run();
      const token = issueToken(ctx, orgId, signerId, "created");
      links.push({ signerId, name: s.name, email: s.email, role: s.role, url: signUrl(ctx, token) });
      if (now1) {
        appendEvent(ctx, orgId, id, { type: "sent", signerId, meta: SYSTEM, data: { email: s.email, role: s.role } });
        toMail.push({ signer: ctx.db.write.select().from(signatureSigners).where(eq(signatureSigners.id, signerId)).get()!, token });
      }
    });
    if (doc.dealId) recordActivity(ctx, orgId, { dealId: doc.dealId, kind: "signature_sent", body: `Sent for signature (${mode}, ${ordered.length} signers): ${doc.title}`, data: { documentId, envelopeId: id }, actorUserId: principal.userId });
    return ctx.db.write.select().from(signatureEnvelopes).where(eq(signatureEnvelopes.id, id)).get()!;
  }).immediate();
  for (const m of toMail) await mailLink(ctx, envelope, m.signer, m.token);
  return { envelopeId: envelope.id, links };
}

export function getEnvelope(ctx: AppContext, orgId: string, id: string, db = ctx.db.read): EnvelopeRow {
  const e = db.select().from(signatureEnvelopes).where(and(eq(signatureEnvelopes.id, id), eq(signatureEnvelopes.organizationId, orgId))).get();
  if (!e) throw notFound(`Envelope ${id} not found`);
  return e;
}

export function signersOf(ctx: AppContext, orgId: string, envelopeIds: string[], db = ctx.db.read): SignerRow[] {
  if (!envelopeIds.length) return [];
  return db.select().from(signatureSigners)
    .where(and(inArray(signatureSigners.envelopeId, envelopeIds), eq(signatureSigners.organizationId, orgId))).orderBy(asc(signatureSigners.position)).all();
}

/** The spec's envelope shape; never a token or its hash. */
export function envelopeJson(e: EnvelopeRow, signers: SignerRow[]) {
  return {
    id: e.id, documentId: e.documentId, status: e.status, mode: e.mode, createdAt: e.createdAt, completedAt: e.completedAt, expiresAt: e.expiresAt,
    sealed: e.sealStatus === "sealed", finalSha256: e.finalSha256,
    signers: signers.filter((s) => s.envelopeId === e.id).map((s) => ({
      id: s.id, name: s.name, email: s.email, role: s.role, status: s.status,
      ...(s.sentAt ? { sentAt: s.sentAt } : {}), ...(s.signedAt ? { signedAt: s.signedAt } : {}), ...(s.declinedAt ? { declinedAt: s.declinedAt } : {}),
    })),
  };
}

export function listEnvelopes(ctx: AppContext, orgId: string, documentId: string) {
  getDocument(ctx, orgId, documentId);
  const envs = ctx.db.read.select().from(signatureEnvelopes)
    .where(and(eq(signatureEnvelopes.documentId, documentId), eq(signatureEnvelopes.organizationId, orgId))).orderBy(desc(signatureEnvelopes.createdAt)).all();
  const signers = signersOf(ctx, orgId, envs.map((e) => e.id));
  return envs.map((e) => envelopeJson(e, signers));
}

export function voidEnvelope(ctx: AppContext, principal: Principal, id: string, reason: string, meta: Meta): void {
  const orgId = principal.orgId!;
  ctx.db.writer.transaction(() => {
    const env = getEnvelope(ctx, orgId, id, ctx.db.write);
    if (isTerminal(env.status)) throw conflict("cannot_void", `The envelope is already ${env.status}`);
    const now = ctx.clock.now().toISOString();
    ctx.db.write.update(signatureEnvelopes).set({ status: "voided", endedAt: now, voidReason: reason, updatedAt: now }).where(eq(signatureEnvelopes.id, id)).run();
    appendEvent(ctx, orgId, id, { type: "voided", meta, data: { reason, by: principal.userId ?? null } });
    const doc = getDocument(ctx, orgId, env.documentId, ctx.db.write);
    if (doc.dealId) recordActivity(ctx, orgId, { dealId: doc.dealId, kind: "signature_voided", body: `Signature envelope voided: ${reason}`, data: { envelopeId: id, documentId: doc.id }, actorUserId: principal.userId });
  }).immediate();
}

/** Completed and declined envelopes are kept; archiving hides them from lists without deleting. */
export function archiveEnvelope(ctx: AppContext, principal: Principal, id: string): void {
  const orgId = principal.orgId!;
  const env = getEnvelope(ctx, orgId, id);
  if (!isTerminal(env.status)) throw conflict("cannot_archive", "Only a finished envelope can be archived; void it first");
  ctx.db.write.update(signatureEnvelopes).set({ archivedAt: ctx.clock.now().toISOString() }).where(eq(signatureEnvelopes.id, id)).run();
}

/** Mails the signer a new link of their own; the sender never sees it. */
export async function resendLink(ctx: AppContext, principal: Principal, envelopeId: string, signerId: string): Promise<void> {
  const orgId = principal.orgId!;
  const { env, signer, token } = ctx.db.writer.transaction(() => {
    const env = getEnvelope(ctx, orgId, envelopeId, ctx.db.write);
    const signer = ctx.db.write.select().from(signatureSigners)
      .where(and(eq(signatureSigners.id, signerId), eq(signatureSigners.envelopeId, env.id), eq(signatureSigners.organizationId, orgId))).get();
    if (!signer) throw notFound(`Signer ${signerId} not found`);
    if (isTerminal(env.status) || signer.status === "signed" || signer.status === "declined" || signer.status === "pending") {
      throw conflict("cannot_resend", `Nothing to resend: the envelope is ${env.status} and the signer ${signer.status}`);
    }
    appendEvent(ctx, orgId, env.id, { type: "resent", signerId: signer.id, meta: SYSTEM, data: { by: principal.userId ?? null } });
    return { env, signer, token: issueToken(ctx, orgId, signer.id, "resend") };
  }).immediate();
  await mailLink(ctx, env, signer, token);
}

export function signedPdf(ctx: AppContext, orgId: string, envelopeId: string): { bytes: Uint8Array; sha256: string; title: string } {
  const env = getEnvelope(ctx, orgId, envelopeId);
  if (env.sealStatus !== "sealed" || !env.finalPdf) throw conflict("not_sealed", `Envelope ${envelopeId} has no signed PDF yet (${env.status}, sealing ${env.sealStatus})`);
  return { bytes: new Uint8Array(env.finalPdf), sha256: env.finalSha256!, title: `${getDocument(ctx, orgId, env.documentId).title} (signed)` };
}
