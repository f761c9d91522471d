// E-signature, app family: send a document, read and void envelopes, the evidence log and the
// sealed PDF; and the public signer endpoints (the capability is the token in the URL).
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { evidenceMeta } from "../../http/request-meta";
import { limitByIp } from "../../http/rate-limit";
import { router } from "../../http/router";
import { appErrors, PublicGone } from "../../http/shapes";
import { IdParams } from "../people/model";
import { pdfResponse } from "../documents/routes";
import { ActBody, Envelope, EnvelopeParams, EvidenceEvent, SendBody, SendResult, SignerState, TokenParams, Verification } from "./model";
import { checkChain, eventsOf } from "./evidence";
import { archiveEnvelope, envelopeJson, getEnvelope, listEnvelopes, resendLink, sendForSignature, signedPdf, signersOf, voidEnvelope } from "./service";
import { act, openLink, requestCode, verifyCode } from "./signer";
import { documentForSigner } from "./signer-document";
import { checkTurnstile } from "./turnstile";
import { verifyBySha, verifyUpload } from "./verify";

const tags = ["Signatures"];

export const signatureRoutes = (ctx: AppContext) =>
  router("signatures", "/api")
    .use(principalPlugin(ctx.principals))
    .post("/documents/:id/signature", async ({ params, body, principal, request, set }) => {
      set.status = 201;
      return sendForSignature(ctx, principal, params.id, body, evidenceMeta(request));
    }, {
      auth: { org: true },
      params: IdParams,
      body: SendBody,
      response: { 201: SendResult, ...appErrors(400, 401, 403, 404, 409) },
      detail: {
        tags, summary: "Send a generated document for signature",
        description: "Signers come from the canonical (name, email, role) unless `signers` replaces them. Parallel mails every signer now; sequential mails the next only when the previous has signed. The raw links appear only in this response's url fields and in each signer's own mail. 409 cannot_send_for_signature when the document is not GENERATED, has no signing parties (or one without an email), or is not a typed pack.",
      },
    })
    .get("/documents/:id/signatures", ({ params, principal }) => ({ envelopes: listEnvelopes(ctx, principal.orgId!, params.id) }), {
      auth: { org: true },
      params: IdParams,
      response: { 200: t.Object({ envelopes: t.Array(Envelope) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "The document's signature envelopes", description: "Never exposes tokens or their hashes." },
    })
    .get("/signatures/:envelopeId", ({ params, principal }) => {
      const e = getEnvelope(ctx, principal.orgId!, params.envelopeId);
      return envelopeJson(e, signersOf(ctx, e.organizationId, [e.id]));
    }, {
      auth: { org: true },
      params: EnvelopeParams,
      response: { 200: Envelope, ...appErrors(401, 403, 404) },
      detail: { tags, summary: "An envelope with its signers' status" },
    })
    .delete("/signatures/:envelopeId", ({ params, principal, query, request }) => {
      voidEnvelope(ctx, principal, params.envelopeId, query.reason?.trim() || "voided by agent", evidenceMeta(request));
      return { voided: true as const };
    }, {
      auth: { org: true },
      params: EnvelopeParams,
      query: t.Object({ reason: t.Optional(t.String({ maxLength: 500 })) }),
      response: { 200: t.Object({ voided: t.Literal(true) }), ...appErrors(401, 403, 404, 409) },
      detail: { tags, summary: "Void an envelope", description: "Records a voided event with the reason (default \"voided by agent\"); every link goes dead. 409 cannot_void when already completed, declined, voided or expired." },
    })
    .post("/signatures/:envelopeId/archive", ({ params, principal }) => {
      archiveEnvelope(ctx, principal, params.envelopeId);
      return { archived: true as const };
    }, {
      auth: { org: true },
      params: EnvelopeParams,
      response: { 200: t.Object({ archived: t.Literal(true) }), ...appErrors(401, 403, 404, 409) },
      detail: { tags, summary: "Archive a finished envelope", description: "Completed and declined envelopes, their PDFs and evidence are kept for RETENTION_YEARS (default 6) and cannot be deleted; archiving only marks them." },
    })
    .post("/signatures/:envelopeId/signers/:signerId/resend", async ({ params, principal }) => {
      await resendLink(ctx, principal, params.envelopeId, params.signerId);
      return { sent: true as const };
    }, {
      auth: { org: true },
      params: t.Object({ envelopeId: t.String({ maxLength: 64 }), signerId: t.String({ maxLength: 64 }) }),
      response: { 200: t.Object({ sent: t.Literal(true) }), ...appErrors(401, 403, 404, 409) },
      detail: { tags, summary: "Mail a signer a fresh link", description: "The new link goes only to that signer's email; it is never shown to the sender." },
    })
    .get("/signatures/:envelopeId/evidence", ({ params, principal }) => {
      const e = getEnvelope(ctx, principal.orgId!, params.envelopeId);
      const events = eventsOf(ctx, e.organizationId, e.id);
      return { chain: checkChain(ctx, e.organizationId, e.id), events: events.map(({ id: _id, organizationId: _o, envelopeId: _e, ...rest }) => rest) };
    }, {
      auth: { org: true },
      params: EnvelopeParams,
      response: {
        200: t.Object({
          chain: t.Union([t.Object({ ok: t.Literal(true), head: t.String() }), t.Object({ ok: t.Literal(false), brokenAt: t.Number(), reason: t.String() })]),
          events: t.Array(EvidenceEvent),
        }),
        ...appErrors(401, 403, 404),
      },
      detail: { tags, summary: "The evidence log", description: "Every signer event with time, IP, user agent and auth method; each carries the SHA-256 of the one before. `chain` says whether the log is intact." },
    })
    .get("/signatures/:envelopeId/pdf", ({ params, principal }) => pdfResponse(signedPdf(ctx, principal.orgId!, params.envelopeId), params.envelopeId, false), {
      auth: { org: true },
      params: EnvelopeParams,
      detail: {
        tags, summary: "Download the signed PDF",
        description: "The final PDF: signatures stamped, the certificate of completion, one digital signature over the whole file. 409 not_sealed until sealing has run.",
        responses: {
          200: { description: "The signed PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          ...Object.fromEntries(Object.entries(appErrors(401, 403, 404, 409)).map(([c, s]) => [c, { description: "App family error", content: { "application/json": { schema: s } } }])),
        },
      },
    });


const publicTags = ["Public signing"];

export const publicSignRoutes = (ctx: AppContext) =>
  router("public-sign", "/api/public")
    .get("/sign/:token", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      return openLink(ctx, params.token, evidenceMeta(request));
    }, {
      params: TokenParams,
      response: { 200: SignerState, 404: PublicGone, ...appErrors(429) },
      detail: { tags: publicTags, summary: "Open a signing link", description: "Records opened the first time. 404 { state: \"gone\" } for any unknown, expired, used or voided link. 60 requests per minute per IP." },
    })
    .post("/sign/:token", async ({ params, body, request }) => {
      limitByIp(ctx.limits.signPost, request);
      const meta = evidenceMeta(request);
      if (body.action === "sign" || body.action === "decline") await checkTurnstile(ctx, body.turnstileToken, meta.ip);
      return act(ctx, params.token, body, meta);
    }, {
      params: TokenParams,
      body: ActBody,
      response: { 200: t.Object({ ok: t.Literal(true), completed: t.Optional(t.Boolean()) }), 404: PublicGone, ...appErrors(400, 403, 409, 429) },
      detail: {
        tags: publicTags, summary: "Advance the signer",
        description: "authenticate (opened → authenticated; needs codeVerified true backed by a code verified through /code and /verify), consent (→ consented, recorded against the consent text's version and SHA-256), sign (→ signed; completes the envelope with the last signer), decline (any active state; the reason is stored as data). 409 invalid_state out of order. With TURNSTILE_SECRET_KEY set, sign and decline need turnstileToken (403 turnstile_failed). 30 requests per minute per IP.",
      },
    })
    .post("/sign/:token/code", ({ params, body, request }) => {
      limitByIp(ctx.limits.signPost, request);
      return requestCode(ctx, params.token, body?.channel ?? "email", evidenceMeta(request));
    }, {
      params: TokenParams,
      body: t.Optional(t.Object({ channel: t.Optional(t.Union([t.Literal("email"), t.Literal("sms")])) })),
      response: { 200: t.Object({ sent: t.Literal(true), channel: t.Union([t.Literal("email"), t.Literal("sms")]), to: t.String({ description: "Masked address or number" }) }), 404: PublicGone, ...appErrors(409, 429, 503) },
      detail: { tags: publicTags, summary: "Send the signer a one-time code", description: "Added to the spec: backs authenticate's codeVerified. 6 digits, 10 minutes, 5 attempts; by email, or SMS through Twilio when configured and the signer has a phone." },
    })
    .post("/sign/:token/verify", ({ params, body, request }) => {
      limitByIp(ctx.limits.signPost, request);
      return verifyCode(ctx, params.token, body.code, evidenceMeta(request));
    }, {
      params: TokenParams,
      body: t.Object({ code: t.String({ minLength: 1, maxLength: 12 }) }),
      response: { 200: t.Object({ verified: t.Boolean(), attemptsLeft: t.Number() }), 404: PublicGone, ...appErrors(400, 409, 429) },
      detail: { tags: publicTags, summary: "Check the one-time code", description: "400 invalid_code with the attempts left; 409 invalid_state when the code expired or was tried 5 times." },
    })
    .get("/sign/:token/document", ({ params, request }) => {
      limitByIp(ctx.limits.signGet, request);
      return pdfResponse(documentForSigner(ctx, params.token), "document", true);
    }, {
      params: TokenParams,
      detail: {
        tags: publicTags, summary: "The document being signed (PDF)",
        responses: {
          200: { description: "The PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          404: { description: "Gone", content: { "application/json": { schema: PublicGone } } },
        },
      },
    })
    .post("/verify", ({ body, request }) => {
      limitByIp(ctx.limits.signPost, request);
      return verifyBySha(ctx, body.sha256);
    }, {
      body: t.Object({ sha256: t.String({ pattern: "^[0-9a-fA-F]{64}$", error: "sha256 must be 64 hex characters" }) }),
      response: { 200: Verification, ...appErrors(400, 429) },
      detail: { tags: publicTags, summary: "Was this PDF completed here? (by hash)", description: "verified true with when and by whom, or false." },
    })
    .post("/verify/pdf", async ({ request }) => {
      limitByIp(ctx.limits.signPost, request);
      return verifyUpload(ctx, new Uint8Array(await request.arrayBuffer()));
    }, {
      parse: "none",
      response: { 200: Verification, ...appErrors(400, 413, 429) },
      detail: { tags: publicTags, summary: "Was this PDF completed here? (upload)", description: "The request body is the PDF itself (application/pdf, at most 20 MB): its SHA-256 is looked up and its embedded digital signature checked." },
    });

