// Clickwrap over HTTP. App family (/api/clickwrap): publish agreements, list them, their
// versions and acceptance evidence, switch them on and off. Public family
// (/api/public/clickwrap): the text for the consent widget and recording an acceptance; the
// capability is the agreement id in the URL.
import { t } from "elysia";
import type { AppContext } from "../../context";
import { principalPlugin } from "../../http/principal";
import { limitByIp } from "../../http/rate-limit";
import { evidenceMeta } from "../../http/request-meta";
import { router } from "../../http/router";
import { appErrors, PublicGone } from "../../http/shapes";
import { clickwrapLimits } from "./limits";
import { AcceptBody, Acceptance, Agreement, AgreementParams, PublicAgreement, PublishBody, PublishResult, Version } from "./model";
import {
  acceptanceCount, acceptanceJson, agreementJson, listAcceptances, listAgreements, listVersions, publicAgreement, publish, recordAcceptance, setActive,
} from "./service";

const tags = ["Clickwrap"];
const ADDED = "Added to the spec.";

export const clickwrapRoutes = (ctx: AppContext) => {
  const toggle = (active: boolean) => ({ params, principal }: { params: { agreementId: string }; principal: { orgId?: string | null } }) => {
    const a = setActive(ctx, principal.orgId!, params.agreementId, active);
    return { agreement: agreementJson(a, acceptanceCount(ctx, a.organizationId, a.id)) };
  };
  const toggleDoc = (active: boolean) => ({
    auth: { role: "admin" as const },
    params: AgreementParams,
    response: { 200: t.Object({ agreement: Agreement }), ...appErrors(401, 403, 404) },
    detail: {
      tags, summary: active ? "Activate an agreement" : "Deactivate an agreement",
      description: `${ADDED} ${active
        ? "The consent page and the public endpoints serve it again."
        : "The consent page and the public endpoints answer 404 { state: \"gone\" } until it is activated again; versions and acceptances are kept."} Admins and owners.`,
    },
  });

  return router("clickwrap", "/api/clickwrap")
    .use(principalPlugin(ctx.principals))
    .post("", ({ body, principal, set }) => {
      const { agreement } = publish(ctx, principal, body);
      set.status = 201;
      return { id: agreement.id, versionHash: agreement.versionHash };
    }, {
      auth: { role: "admin" },
      body: PublishBody,
      response: { 201: PublishResult, ...appErrors(400, 401, 403) },
      detail: {
        tags, summary: "Publish (upsert) an agreement by key",
        description: "The same body again is idempotent: the same id and versionHash, no new version. A changed body makes a new version whose versionHash is the SHA-256 (hex) of the body's UTF-8 bytes. A change of title alone updates the display title without a new version. Publishing does not change whether the agreement is active. Admins and owners (403 for members). Embed the id in the consent page URL: <PUBLIC_URL>/consent/<id>.",
      },
    })
    .get("", ({ principal }) => ({ agreements: listAgreements(ctx, principal.orgId!) }), {
      auth: { org: true },
      response: { 200: t.Object({ agreements: t.Array(Agreement) }), ...appErrors(401, 403) },
      detail: { tags, summary: "List agreements", description: `${ADDED} The organization's agreements by key, each with its current version and acceptance count.` },
    })
    .get("/:agreementId/versions", ({ params, principal }) => ({ versions: listVersions(ctx, principal.orgId!, params.agreementId) }), {
      auth: { org: true },
      params: AgreementParams,
      response: { 200: t.Object({ versions: t.Array(Version) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "An agreement's versions", description: `${ADDED} Every published text, newest first, so each acceptance's versionHash resolves to the words accepted.` },
    })
    .get("/:agreementId/acceptances", ({ params, principal }) => ({ acceptances: listAcceptances(ctx, principal.orgId!, params.agreementId).map(acceptanceJson) }), {
      auth: { org: true },
      params: AgreementParams,
      response: { 200: t.Object({ acceptances: t.Array(Acceptance) }), ...appErrors(401, 403, 404) },
      detail: { tags, summary: "Acceptance evidence", description: "The most recent 200 acceptances, newest first. The CSV export on the settings page has them all, with IP address and user agent." },
    })
    .post("/:agreementId/deactivate", toggle(false), toggleDoc(false))
    .post("/:agreementId/activate", toggle(true), toggleDoc(true));
};

export const publicClickwrapRoutes = (ctx: AppContext) => {
  const limits = clickwrapLimits(ctx);
  return router("public-clickwrap", "/api/public/clickwrap")
    .get("/:agreementId", ({ params, request }) => {
      limitByIp(limits.read, request);
      const a = publicAgreement(ctx, params.agreementId);
      return { agreement: { id: a.id, key: a.key, title: a.title, body: a.body, versionHash: a.versionHash } };
    }, {
      params: AgreementParams,
      response: { 200: PublicAgreement, 404: PublicGone, ...appErrors(400, 429) },
      detail: { tags, summary: "The agreement text for the consent widget", description: "No auth: the agreement id is the capability. 404 { state: \"gone\" } when unknown or inactive. 120 requests per minute per IP (429 with Retry-After)." },
    })
    .post("/:agreementId", ({ params, body, request }) => {
      limitByIp(limits.accept, request);
      recordAcceptance(ctx, params.agreementId, body ?? {}, evidenceMeta(request));
      return { accepted: true as const };
    }, {
      params: AgreementParams,
      body: AcceptBody,
      response: { 200: t.Object({ accepted: t.Literal(true) }), 404: PublicGone, ...appErrors(400, 409, 429) },
      detail: {
        tags, summary: "Record an acceptance",
        description: "Records an immutable acceptance of the current version (its number and versionHash), the time, the client's IP address and user agent. The body is optional. Added: versionHash — when given and no longer current, 409 version_changed and nothing is recorded. 404 { state: \"gone\" } when unknown or inactive. 60 requests per minute per IP (429 with Retry-After).",
      },
    });
};
