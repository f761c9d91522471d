// What a signer may download with their link: the document while signing, and the sealed PDF
// once everyone has signed (the completion screen links to it).
import type { AppContext } from "../../context";
import { getDocument } from "../documents/service";
import { gone, locate, locateAny } from "./signer";

export function documentForSigner(ctx: AppContext, token: string): { bytes: Uint8Array; sha256: string; title: string } {
  const l = locate(ctx, token, ctx.db.read);
  if (!l) throw gone();
  const doc = getDocument(ctx, l.envelope.organizationId, l.envelope.documentId);
  return { bytes: new Uint8Array(doc.pdf!), sha256: doc.pdfSha256!, title: doc.title };
}

/** The sealed PDF for a signer who signed, once sealing has run; null while it is being produced. */
export function signedForSigner(ctx: AppContext, token: string): { bytes: Uint8Array; sha256: string; title: string } | null {
  const l = locateAny(ctx, token);
  if (!l || l.signer.status !== "signed" || l.envelope.status !== "completed") throw gone();
  if (l.envelope.sealStatus !== "sealed" || !l.envelope.finalPdf) return null;
  const doc = getDocument(ctx, l.envelope.organizationId, l.envelope.documentId);
  return { bytes: new Uint8Array(l.envelope.finalPdf), sha256: l.envelope.finalSha256!, title: `${doc.title} (signed)` };
}
