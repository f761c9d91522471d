// /sign/:token: the signer's page. Each step posts a plain form (htmx swaps the step in place)
// to these routes, which call the same signer service as the public API, so the evidence is the
// same whichever way a signer comes.
import type { AppContext } from "../../context";
import { HttpError } from "../../http/errors";
import { TURNSTILE_PAGE_CSP } from "../../http/csp";
import { formValue, type FormBody } from "../../http/forms";
import { optionalPrincipal, pageRoute, renderPage } from "../../http/pages";
import { limitByIp } from "../../http/rate-limit";
import { evidenceMeta } from "../../http/request-meta";
import { router } from "../../http/router";
import { gonePage, signPage, signStep, type SignView } from "../../../views/signatures/sign";
import { getDocument } from "../documents/service";
import { pdfResponse } from "../documents/routes";
import { CONSENT_TEXT, CONSENT_VERSION } from "./consent";
import { companyName } from "./service";
import { act, locateAny, openLink, requestCode, verifyCode, type ActInput } from "./signer";
import { documentForSigner, signedForSigner } from "./signer-document";
import { checkTurnstile } from "./turnstile";
import { MAX_UPLOAD, verifyBySha, verifyUpload } from "./verify";
import { verifyPage } from "../../../views/signatures/verify";

function view(ctx: AppContext, token: string, extra: Partial<SignView> = {}): SignView | null {
  const l = locateAny(ctx, token);
  if (!l) return null;
  const { signer, envelope } = l;
  return {
    token, title: getDocument(ctx, envelope.organizationId, envelope.documentId).title, company: companyName(ctx, envelope.organizationId),
    signer: { name: signer.name, role: signer.role, status: signer.status, email: signer.email },
    consentText: CONSENT_TEXT, consentVersion: CONSENT_VERSION, turnstileSiteKey: ctx.config.signatures.turnstile?.siteKey ?? null,
    completed: envelope.status === "completed", sealed: envelope.sealStatus === "sealed", ...extra,
  };
}

const htmlHeaders = (ctx: AppContext) => ({
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  ...(ctx.config.signatures.turnstile ? { "Content-Security-Policy": TURNSTILE_PAGE_CSP } : {}),
});

const gone = (ctx: AppContext) => new Response(gonePage(), { status: 404, headers: htmlHeaders(ctx) });


/**
 * Runs a step and answers with the step (htmx) or the whole page (a plain form post). A dead link
 * gives the gone page; a refused step shows its message in place.
 */
async function step(ctx: AppContext, request: Request, token: string, run: () => Promise<Partial<SignView> | void> | Partial<SignView> | void) {
  limitByIp(ctx.limits.signPost, request);
  let extra: Partial<SignView> = {};
  try {
    extra = (await run()) ?? {};
  } catch (e) {
    if (!(e instanceof HttpError) || e.status >= 500) throw e;
    if (e.code === "gone") return gone(ctx);
    extra = { message: e.message.charAt(0).toUpperCase() + e.message.slice(1) };
  }
  const v = view(ctx, token, extra);
  if (!v) return gone(ctx);
  const htmx = request.headers.get("hx-request") === "true";
  return new Response(htmx ? signStep(v).value : signPage(v), { headers: htmlHeaders(ctx) });
}

export const signPages = (ctx: AppContext) =>
  router("sign-pages")
    .get("/verify-pdf", async ({ request }) => renderPage(ctx, request, await optionalPrincipal(ctx, request), { title: "Verify a signed PDF", body: verifyPage({}) }), pageRoute())
    .post("/verify-pdf", async ({ request, body }) => {
      limitByIp(ctx.limits.signPost, request);
      const principal = await optionalPrincipal(ctx, request);
      const f = body as Record<string, unknown> | null;
      const file = f?.file instanceof Blob && f.file.size > 0 ? f.file : null;
      const sha = typeof f?.sha256 === "string" ? f.sha256.trim() : "";
      let result;
      if (file) {
        if (file.size > MAX_UPLOAD) return renderPage(ctx, request, principal, { title: "Verify a signed PDF", status: 413, body: verifyPage({ message: "At most 20 MB" }) });
        result = verifyUpload(ctx, new Uint8Array(await file.arrayBuffer()));
      } else if (/^[0-9a-fA-F]{64}$/.test(sha)) result = verifyBySha(ctx, sha);
      else return renderPage(ctx, request, principal, { title: "Verify a signed PDF", status: 400, body: verifyPage({ message: "Choose a PDF file or paste a SHA-256 (64 hex characters)" }) });
      return renderPage(ctx, request, principal, { title: "Verify a signed PDF", body: verifyPage({ result }) });
    }, pageRoute())
    .get("/sign/:token", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      try {
        openLink(ctx, params.token, evidenceMeta(request));
      } catch (e) {
        if (e instanceof HttpError && e.code === "gone") {
          // A signer who signed may come back for the signed PDF.
          const v = view(ctx, params.token);
          if (v && v.signer.status === "signed" && v.completed) return new Response(signPage(v), { headers: htmlHeaders(ctx) });
          return gone(ctx);
        }
        throw e;
      }
      return new Response(signPage(view(ctx, params.token)!), { headers: htmlHeaders(ctx) });
    }, pageRoute())
    .get("/sign/:token/document.pdf", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      try {
        return pdfResponse(documentForSigner(ctx, params.token), "document", true);
      } catch {
        return gone(ctx);
      }
    }, pageRoute())
    .get("/sign/:token/done", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      const v = view(ctx, params.token);
      if (!v || v.signer.status !== "signed") return gone(ctx);
      return new Response(signStep(v).value, { headers: htmlHeaders(ctx) });
    }, pageRoute())
    .get("/sign/:token/signed.pdf", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      try {
        const pdf = signedForSigner(ctx, params.token);
        if (!pdf) return new Response("The signed PDF is still being prepared; try again in a minute.", { status: 409, headers: { "Retry-After": "30" } });
        return pdfResponse(pdf, "signed", false);
      } catch {
        return gone(ctx);
      }
    }, pageRoute())
    .post("/sign/:token/code", ({ params, request }) =>
      step(ctx, request, params.token, async () => ({ codeSentTo: (await requestCode(ctx, params.token, "email", evidenceMeta(request))).to })), pageRoute())
    .post("/sign/:token/verify", ({ params, request, body }) =>
      step(ctx, request, params.token, () => {
        const meta = evidenceMeta(request);
        verifyCode(ctx, params.token, formValue(body as FormBody, "code"), meta);
        act(ctx, params.token, { action: "authenticate", codeVerified: true }, meta);
      }), pageRoute())
    .post("/sign/:token/consent", ({ params, request, body }) =>
      step(ctx, request, params.token, () => {
        if (formValue(body as FormBody, "agree") !== "yes") throw new HttpError(400, "validation_failed", "Tick the box to agree to sign electronically");
        act(ctx, params.token, { action: "consent" }, evidenceMeta(request));
      }), pageRoute())
    .post("/sign/:token/sign", ({ params, request, body }) =>
      step(ctx, request, params.token, async () => {
        const meta = evidenceMeta(request);
        const f = body as FormBody;
        await checkTurnstile(ctx, formValue(f, "cf-turnstile-response") || undefined, meta.ip);
        const signature: ActInput["signature"] = formValue(f, "kind") === "drawn" && formValue(f, "image")
          ? { kind: "drawn", image: formValue(f, "image") }
          : { kind: "typed", text: formValue(f, "text") };
        act(ctx, params.token, { action: "sign", signature }, meta);
      }), pageRoute())
    .post("/sign/:token/decline", ({ params, request, body }) =>
      step(ctx, request, params.token, async () => {
        const meta = evidenceMeta(request);
        await checkTurnstile(ctx, formValue(body as FormBody, "cf-turnstile-response") || undefined, meta.ip);
        act(ctx, params.token, { action: "decline", reason: formValue(body as FormBody, "reason") }, meta);
      }), pageRoute());
