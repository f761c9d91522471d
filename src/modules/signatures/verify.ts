// Verification for anyone holding a PDF: did this appliance complete it, when, and by whom? The
// answer is keyed by the final PDF's SHA-256, so a changed file is simply not found; an uploaded
// PDF also has its embedded digital signature checked.
import { asc, eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { signatureEnvelopes, signatureSigners } from "../../db/schema";
import { HttpError } from "../../http/errors";
import { sha256Hex } from "../../lib/crypto";
import { getDocument } from "../documents/service";
import { verifyPdfSignature } from "../sealing/verify";

export const MAX_UPLOAD = 20 * 1024 * 1024;

export function verifyBySha(ctx: AppContext, sha256: string) {
  const sha = sha256.toLowerCase();
  const env = ctx.db.read.select().from(signatureEnvelopes).where(eq(signatureEnvelopes.finalSha256, sha)).get();
  if (!env || env.status !== "completed") return { verified: false, sha256: sha };
  const signers = ctx.db.read.select().from(signatureSigners).where(eq(signatureSigners.envelopeId, env.id)).orderBy(asc(signatureSigners.position)).all();
  return {
    verified: true, sha256: sha, envelopeId: env.id, documentTitle: getDocument(ctx, env.organizationId, env.documentId).title,
    completedAt: env.completedAt!, signers: signers.map((s) => ({ name: s.name, role: s.role, signedAt: s.signedAt! })),
  };
}

export function verifyUpload(ctx: AppContext, bytes: Uint8Array) {
  if (!bytes.length) throw new HttpError(400, "validation_failed", "Send the PDF as the request body");
  if (bytes.length > MAX_UPLOAD) throw new HttpError(413, "too_large", "At most 20 MB");
  const sig = verifyPdfSignature(bytes);
  return { ...verifyBySha(ctx, sha256Hex(bytes)), signature: { valid: sig.valid, coversWholeFile: sig.byteRangeCoversWholeFile } };
}
