// The sender's side in the app's pages: send a document for signature from its page, void an
// envelope, download the sealed PDF. Same service as /api; links go only to the signers' mail.
import type { AppContext } from "../../context";
import { formFailure, formValue, type FormBody } from "../../http/forms";
import { pageRoute, redirect } from "../../http/pages";
import { principalPlugin } from "../../http/principal";
import { evidenceMeta } from "../../http/request-meta";
import { router } from "../../http/router";
import { pdfResponse } from "../documents/routes";
import { getEnvelope, sendForSignature, signedPdf, voidEnvelope } from "./service";

const ORG = () => pageRoute({ via: ["session"], org: true });

export const senderPages = (ctx: AppContext) =>
  router("signature-sender-pages")
    .use(principalPlugin(ctx.principals))
    .post("/documents/:id/signature", async ({ request, principal, params, body }) => {
      const f = body as FormBody;
      const days = Number(formValue(f, "expiresInDays"));
      const mode = formValue(f, "mode") === "sequential" ? "sequential" : "parallel";
      try {
        const sent = await sendForSignature(ctx, principal, params.id, { mode, expiresInDays: Number.isInteger(days) && days >= 1 && days <= 365 ? days : undefined }, evidenceMeta(request));
        return redirect(request, `/documents/${params.id}#signatures`, { flash: { kind: "success", text: `Sent for signature: ${sent.links.length} signers were emailed their own link.` } });
      } catch (e) {
        const failure = formFailure(e);
        return redirect(request, `/documents/${params.id}#signatures`, { flash: { kind: "error", text: failure.message ?? Object.values(failure.errors)[0] ?? "Could not send" } });
      }
    }, ORG())
    .post("/signatures/:envelopeId/void", ({ request, principal, params, body }) => {
      const env = getEnvelope(ctx, principal.orgId!, params.envelopeId);
      try {
        voidEnvelope(ctx, principal, env.id, formValue(body as FormBody, "reason").trim() || "voided by agent", evidenceMeta(request));
      } catch (e) {
        return redirect(request, `/documents/${env.documentId}#signatures`, { flash: { kind: "error", text: formFailure(e).message ?? "Could not void" } });
      }
      return redirect(request, `/documents/${env.documentId}#signatures`, { flash: { kind: "success", text: "Envelope voided; every signing link is dead." } });
    }, ORG())
    .get("/signatures/:envelopeId/pdf", ({ principal, params }) => pdfResponse(signedPdf(ctx, principal.orgId!, params.envelopeId), params.envelopeId, false), ORG());
