// Seals a completed envelope: the evidence is gathered, the chain checked, the final PDF made
// (signatures stamped, certificate of completion, one digital signature over the whole file) and
// stored with its SHA-256; then DOCUMENT_SIGNED goes through the outbox and every signer receives
// the PDF. Called by the signature worker, which retries on failure.
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { signatureEnvelopes } from "../../db/schema";
import { sealDocument } from "../sealing/seal";
import { loadSigningIdentity, type SigningIdentity } from "../sealing/identity";
import { getDocument } from "../documents/service";
import { emit } from "../events/service";
import { packFor } from "../forms/registry";
import { recordActivity } from "../people/activity";
import { signedCopyMail } from "../../../views/mail/signatures";
import { verifyChain } from "./chain";
import { appendEvent, eventsOf, SYSTEM } from "./evidence";
import { signersOf, type EnvelopeRow } from "./service";
import { notifySender } from "./signer";
import { orgTimeZone } from "../documents/usage";

const identities = new Map<string, SigningIdentity>();

/** The appliance's signing identity: SIGNING_P12, or the certificate generated at first use. */
export function signingIdentity(ctx: AppContext): SigningIdentity {
  const key = `${ctx.config.dataDir}|${ctx.config.signatures.p12Path ?? ""}`;
  let id = identities.get(key);
  if (!id) {
    id = loadSigningIdentity({
      p12Path: ctx.config.signatures.p12Path, p12Password: ctx.config.signatures.p12Password, dataDir: ctx.config.dataDir,
      commonName: `Winnerr appliance ${new URL(ctx.config.publicUrl).hostname}`, clock: ctx.clock,
    });
    identities.set(key, id);
  }
  return id;
}

const AUTH_LABELS: Record<string, string> = { email_otp: "Email link + emailed one-time code", sms_otp: "Email link + SMS one-time code" };

export async function sealEnvelope(ctx: AppContext, env: EnvelopeRow): Promise<void> {
  const orgId = env.organizationId;
  const doc = getDocument(ctx, orgId, env.documentId);
  const signers = signersOf(ctx, orgId, [env.id]);
  const events = eventsOf(ctx, orgId, env.id);
  const chain = verifyChain(events);
  // A broken chain means the evidence was tampered with: refuse to seal it as if it were sound.
  if (!chain.ok) throw new Error(`the evidence log is broken (${chain.reason})`);

  const blocks = doc.signatureBlocks ?? [];
  const used = new Set<number>();
  const blockFor = (s: { role: string; name: string; email: string }) => {
    const i = blocks.findIndex((b, j) => !used.has(j) && b.role === s.role && (b.email?.toLowerCase() === s.email || b.name === s.name));
    const k = i >= 0 ? i : blocks.findIndex((b, j) => !used.has(j) && b.role === s.role);
    if (k >= 0) used.add(k);
    return k;
  };
  const first = (signerId: string, type: string) => events.find((e) => e.signerId === signerId && e.type === type)?.at ?? null;
  const last = (signerId: string, type: string) => [...events].reverse().find((e) => e.signerId === signerId && e.type === type);

  const signatures = signers.flatMap((s) => {
    const blockIndex = blockFor(s);
    // A signer added by the sender (no block in the generated PDF) is on the certificate only.
    if (blockIndex < 0) return [];
    return [{ blockIndex, kind: s.signatureKind!, text: s.signatureText ?? s.name, pngBytes: s.signaturePng ? new Uint8Array(s.signaturePng) : undefined, signedAt: s.signedAt! }];
  });

  const sealed = await sealDocument({
    documentPdf: new Uint8Array(doc.pdf!), blocks, signatures, identity: signingIdentity(ctx), tsaUrl: ctx.config.signatures.tsaUrl, clock: ctx.clock,
    certificate: {
      envelopeId: env.id, documentId: doc.id, documentTitle: doc.title, documentSha256: env.documentSha256, completedAt: env.completedAt!,
      chainHead: chain.head, timeZone: orgTimeZone(ctx, orgId),
      signers: signers.map((s) => {
        const signed = last(s.id, "signed");
        return {
          name: s.name, email: s.email, role: s.role, authMethod: AUTH_LABELS[s.authMethod ?? ""] ?? s.authMethod ?? "Email link",
          ip: signed?.ip ?? null, userAgent: signed?.userAgent ?? null, sentAt: first(s.id, "sent"), openedAt: first(s.id, "opened"),
          authenticatedAt: s.authenticatedAt, consent: s.consentedAt ? { at: s.consentedAt, textVersion: s.consentVersion!, textSha256: s.consentSha256! } : null,
          signedAt: s.signedAt!,
        };
      }),
    },
  });

  const completedParties = signers.map((s) => ({ name: s.name, email: s.email, role: s.role }));
  const hasConditions = doc.formKey === "on/aps" && Array.isArray((doc.canonical.aps as { conditions?: unknown[] } | undefined)?.conditions)
    && ((doc.canonical.aps as { conditions: unknown[] }).conditions.length > 0);
  // The first RFC 3161 token covers the signed pages before the certificate page; it cannot be
  // inside the final file, so it is kept beside the envelope with the hash it covers.
  const timestamp = sealed.timestamp
    ? sealed.timestamp.ok
      ? { ok: true, url: sealed.timestamp.url, time: sealed.timestamp.time, authority: sealed.timestamp.authority, signedPagesSha256: sealed.signedPagesSha256, token: Buffer.from(sealed.timestamp.token).toString("base64") }
      : { ok: false, url: sealed.timestamp.url, reason: sealed.timestamp.reason }
    : null;
  const stored = ctx.db.writer.transaction(() => {
    const current = ctx.db.write.select({ sealStatus: signatureEnvelopes.sealStatus }).from(signatureEnvelopes).where(eq(signatureEnvelopes.id, env.id)).get();
    if (current?.sealStatus === "sealed") return false; // another run finished first
    ctx.db.write.update(signatureEnvelopes).set({
      sealStatus: "sealed", finalPdf: Buffer.from(sealed.bytes), finalSha256: sealed.sha256, timestamp, sealError: null, sealNextAt: null,
      sealAttempts: env.sealAttempts + 1, updatedAt: ctx.clock.now().toISOString(),
    }).where(eq(signatureEnvelopes.id, env.id)).run();
    appendEvent(ctx, orgId, env.id, { type: "sealed", meta: SYSTEM, data: { finalSha256: sealed.sha256, timestamp: timestamp?.ok ?? null } });
    emit(ctx.db, ctx.clock, orgId, "DOCUMENT_SIGNED", {
      documentId: doc.id, envelopeId: env.id, dealId: doc.dealId, formKey: doc.formKey, completedAt: env.completedAt, finalSha256: sealed.sha256,
      hasConditions, signers: completedParties, packKnown: !!packFor(doc.formKey),
    });
    if (doc.dealId) recordActivity(ctx, orgId, { dealId: doc.dealId, kind: "document_signed", body: `Signed by everyone: ${doc.title}`, data: { documentId: doc.id, envelopeId: env.id, finalSha256: sealed.sha256 } });
    return true;
  }).immediate();
  if (!stored) return;
  ctx.events.kick();

  const attachment = { filename: `${doc.title.replace(/[^\w.\- ]+/g, "").trim().replace(/\s+/g, "-").slice(0, 80) || "document"}-signed.pdf`, content: sealed.bytes, contentType: "application/pdf" };
  for (const s of signers) {
    await ctx.mailer.send({ to: s.email, organizationId: orgId, attachments: [attachment], ...signedCopyMail({ signerName: s.name, title: doc.title, sha256: sealed.sha256 }) })
      .catch((e) => ctx.logger.error("signed copy mail failed", { envelopeId: env.id, error: (e as Error).message }));
  }
  await notifySender(ctx, env, "completed", `Everyone signed "${doc.title}". The sealed PDF (SHA-256 ${sealed.sha256}) is on the document's page.`)
    .catch((e) => ctx.logger.error("completion notice failed", { envelopeId: env.id, error: (e as Error).message }));
}
