// Clickwrap pages. Public: /consent/:agreementId, where a person reads and accepts (a plain form
// post; embed=1 is the compact variant the embed snippet frames). Session: /settings/clickwrap,
// where members see agreements and evidence and admins and owners publish and switch them on
// and off; every change answers with a redirect (Post/Redirect/Get).
import type { AppContext } from "../../context";
import { PAGE_CSP } from "../../http/csp";
import { HttpError } from "../../http/errors";
import { formFailure, formValue, formValues, type FormBody } from "../../http/forms";
import { assetUrls } from "../../http/assets";
import { pageRoute, redirect, renderPage } from "../../http/pages";
import { principalPlugin, ROLE_RANK, type Principal, type Role } from "../../http/principal";
import { limitByIp } from "../../http/rate-limit";
import { evidenceMeta } from "../../http/request-meta";
import { router } from "../../http/router";
import { acceptedPage, consentGonePage, consentPage } from "../../../views/clickwrap/consent";
import { agreementPage, clickwrapPage, type AgreementPageState, type ClickwrapPageState } from "../../../views/clickwrap/settings";
import { orgTimeZone } from "../documents/usage";
import { csvLine } from "./csv";
import { clickwrapLimits } from "./limits";
import {
  acceptanceCount, agreementJson, allAcceptances, getAgreement, listAcceptances, listAgreements, listVersions, publicAgreement, publish, recordAcceptance, setActive,
  type AcceptanceRow, type AgreementRow, type PublishOutcome,
} from "./service";
import { TEMPLATES, templateById } from "./templates";

const BASE = "/settings/clickwrap";
/** Acceptances shown on an agreement's page; the export has them all. */
const RECENT_ACCEPTANCES = 50;

/**
 * The framed consent page may be embedded by any site: it holds no session and no secret, and an
 * acceptance it records is one anyone could record through the public API, so clickjacking it
 * gains nothing. Every other page keeps frame-ancestors 'none'.
 */
export const EMBED_CSP = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors *");

const ORG = () => pageRoute({ via: ["session"], org: true });
const ADMIN = () => pageRoute({ via: ["session"], role: "admin" });
const canPublish = (p: Principal) => ROLE_RANK[(p.role as Role) ?? "member"] >= ROLE_RANK.admin;

function consentResponse(page: string, embed: boolean, status = 200): Response {
  return new Response(page, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...(embed ? { "Content-Security-Policy": EMBED_CSP } : {}) },
  });
}

const gone = (embed: boolean) => consentResponse(consentGonePage(embed), embed, 404);

/** "June 25, 2026, 6:00 a.m. EDT" in the brokerage's time zone. */
function localTime(ctx: AppContext, orgId: string, iso: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: orgTimeZone(ctx, orgId), timeZoneName: "short",
  }).format(new Date(iso));
}

const OUTCOMES: Record<PublishOutcome, (a: AgreementRow) => string> = {
  created: (a) => `Published "${a.title}" as version 1.`,
  new_version: (a) => `Published version ${a.version}. Earlier acceptances keep the version they accepted.`,
  title_updated: (a) => `Title updated. The text is unchanged, so this is still version ${a.version}.`,
  unchanged: (a) => `Nothing changed: the text is the same as version ${a.version}.`,
};

const CSV_HEADER = ["id", "agreementKey", "version", "versionHash", "subjectRef", "acceptedAt", "ip", "userAgent"];

/** The export as a stream: a UTF-8 BOM (so spreadsheets read accents right), the header, then every acceptance. */
function csvStream(ctx: AppContext, a: AgreementRow): ReadableStream<Uint8Array> {
  const rows = allAcceptances(ctx, a.organizationId, a.id);
  const encoder = new TextEncoder();
  let chunk = `\uFEFF${csvLine(CSV_HEADER)}`;
  return new ReadableStream({
    pull(controller) {
      for (let i = 0; i < 500; i++) {
        const next = rows.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const x: AcceptanceRow = next.value;
        chunk += csvLine([x.id, a.key, x.version, x.versionHash, x.subjectRef, x.acceptedAt, x.ip, x.userAgent]);
      }
      controller.enqueue(encoder.encode(chunk));
      chunk = "";
    },
  });
}

type ListExtras = Partial<Pick<ClickwrapPageState, "values" | "errors" | "message">>;

function listPage(ctx: AppContext, request: Request, p: Principal, extras: ListExtras = {}, status = 200) {
  return renderPage(ctx, request, p, {
    title: "Clickwrap", status, path: BASE,
    body: clickwrapPage({ ...extras, csrf: p.csrfToken!, canPublish: canPublish(p), agreements: listAgreements(ctx, p.orgId!), templates: TEMPLATES }),
  });
}

function detailPage(ctx: AppContext, request: Request, p: Principal, id: string) {
  const orgId = p.orgId!;
  const a = getAgreement(ctx, orgId, id);
  const publicLink = `${ctx.config.publicUrl}/consent/${a.id}`;
  const state: AgreementPageState = {
    csrf: p.csrfToken!, canPublish: canPublish(p),
    agreement: { ...agreementJson(a, acceptanceCount(ctx, orgId, a.id)), body: a.body },
    versions: listVersions(ctx, orgId, a.id),
    acceptances: listAcceptances(ctx, orgId, a.id, RECENT_ACCEPTANCES),
    publicLink,
    embedSnippet: `<div data-winnerr-consent="${a.id}" data-subject-ref="CLIENT-REFERENCE"></div>\n<script src="${ctx.config.publicUrl}${assetUrls.clickwrapEmbed}" async></script>`,
  };
  return renderPage(ctx, request, p, { title: a.title, path: BASE, body: agreementPage(state) });
}

export const clickwrapPages = (ctx: AppContext) => {
  const limits = clickwrapLimits(ctx);
  return router("clickwrap-pages")
    .use(principalPlugin(ctx.principals))
    .get("/consent/:agreementId", ({ params, query, request }) => {
      limitByIp(limits.read, request);
      const q = query as Record<string, string | undefined>;
      const embed = q.embed === "1";
      let agreement: AgreementRow;
      try {
        agreement = publicAgreement(ctx, params.agreementId);
      } catch {
        return gone(embed);
      }
      return consentResponse(consentPage({ agreement, subjectRef: (q.subjectRef ?? q.ref)?.trim() || null, embed }), embed);
    }, pageRoute())
    .post("/consent/:agreementId", ({ params, body, request }) => {
      limitByIp(limits.accept, request);
      const f = body as FormBody;
      const embed = formValue(f, "embed") === "1";
      const subjectRef = formValue(f, "subjectRef").trim() || null;
      try {
        const { acceptance: x, agreement } = recordAcceptance(ctx, params.agreementId, { subjectRef, versionHash: formValue(f, "versionHash") || undefined }, evidenceMeta(request));
        return consentResponse(acceptedPage({
          agreement, version: x.version, versionHash: x.versionHash, acceptedAt: x.acceptedAt, acceptedOn: localTime(ctx, agreement.organizationId, x.acceptedAt), embed,
        }), embed);
      } catch (e) {
        if (!(e instanceof HttpError) || e.status >= 500) throw e;
        if (e.status === 404) return gone(embed);
        // The text changed since the page was shown (or the link's reference is unusable): show
        // the current text again with why; nothing was recorded.
        const message = e.code === "version_changed" ? "The text below has changed since you opened this page. Please read it again before accepting."
          : e.fields?.some((x) => x.field === "subjectRef") ? "This link's reference is too long to record. Please ask the brokerage for a corrected link."
          : e.message;
        try {
          return consentResponse(consentPage({ agreement: publicAgreement(ctx, params.agreementId), subjectRef, embed, message }), embed, e.status);
        } catch {
          return gone(embed);
        }
      }
    }, pageRoute())
    .get(BASE, ({ request, principal, query }) => {
      const t = templateById((query as Record<string, string | undefined>).template);
      return listPage(ctx, request, principal, t && canPublish(principal) ? { values: { key: t.key, title: t.title, body: t.body } } : {});
    }, ORG())
    .post(BASE, ({ request, principal, body }) => {
      const values = formValues(body as FormBody, ["key", "title", "body"]);
      try {
        // Browsers send a textarea's line breaks as CRLF; the text is stored (and hashed) with LF.
        const { agreement, outcome } = publish(ctx, principal, { ...values, key: values.key.trim(), body: values.body.replace(/\r\n?/g, "\n") });
        return redirect(request, `${BASE}/${agreement.id}`, { flash: { kind: "success", text: OUTCOMES[outcome](agreement) } });
      } catch (e) {
        const f = formFailure(e);
        return listPage(ctx, request, principal, { values, errors: f.errors, message: f.message }, f.status);
      }
    }, ADMIN())
    .get(`${BASE}/:id`, ({ request, principal, params }) => detailPage(ctx, request, principal, params.id), ORG())
    .post(`${BASE}/:id/active`, ({ request, principal, params, body }) => {
      const active = formValue(body as FormBody, "active") === "true";
      setActive(ctx, principal.orgId!, params.id, active);
      return redirect(request, `${BASE}/${params.id}`, {
        flash: { kind: "success", text: active ? "Activated: the consent page and the embed show the agreement again." : "Deactivated: the consent page and the embed now say the agreement is not available." },
      });
    }, ADMIN())
    .get(`${BASE}/:id/acceptances.csv`, ({ principal, params }) => {
      const a = getAgreement(ctx, principal.orgId!, params.id);
      return new Response(csvStream(ctx, a), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${a.key}-acceptances.csv"`,
          "Cache-Control": "no-store",
        },
      });
    }, ORG());
};
