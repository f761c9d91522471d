// GET /openapi.json (generated from the routes' `t` schemas) and the /docs reference page,
// whose script is the Scalar bundle embedded in the binary rather than loaded from a CDN.
import { openapi } from "@elysiajs/openapi";
import pkg from "../../../package.json";
import { assetUrls } from "../../http/assets";

export const API_TAGS = [
  { name: "Health", description: "Liveness and system status" },
  { name: "Auth", description: "Registration by verified email, sign-in, token rotation, profile" },
  { name: "Customers", description: "The caller's organization" },
  { name: "Users", description: "The organization's team and roles" },
  { name: "Admin", description: "Platform administrators only" },
  { name: "People", description: "Leads, clients and other contacts (app family: { error, message })" },
  { name: "Deals", description: "Deals through the pipeline, stage history, timeline, closing checklist" },
  { name: "Webhooks", description: "Outgoing webhooks: subscriptions, signing secrets, the delivery log (admins)" },
  { name: "Signatures", description: "E-signature envelopes: send, status, void, evidence log, the sealed PDF" },
  { name: "Public signing", description: "The signer's endpoints (no auth: the capability is the token), and verification of a signed PDF" },
  { name: "Documents", description: "Document OS: typed form packs, drafts (AI or rule-based), generated PDFs, versions, the usage meter" },
  { name: "Clickwrap", description: "Versioned agreement texts and immutable acceptance evidence; the public endpoints behind the consent page (no auth: the agreement id is the capability)" },
  { name: "Obligations", description: "Deadlines derived from generated documents (closing, condition waivers, deposits, expiry, renewal): upcoming list, done / waive / reopen, moved dates" },
];

export const docsRoutes = (publicUrl: string) =>
  openapi({
    path: "/docs",
    specPath: "/openapi.json",
    provider: "scalar",
    exclude: { paths: [/^\/assets\//] },
    documentation: {
      info: {
        title: "Winnerr API",
        version: pkg.version,
        description:
          "Self-hosted brokerage appliance. URL families: platform (/api/v1, envelope), app (/api, { error, message }), " +
          "public (/api/public, { state: \"gone\" } on 404), machine (/v1, { statusCode, message }), oauth (RFC 6749), webhooks.",
      },
      servers: [{ url: publicUrl }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from POST /api/v1/auth/login" },
        },
      },
    },
    scalar: {
      cdn: assetUrls.scalar,
      // Scalar otherwise pulls its fonts from its own CDN; the appliance serves everything itself.
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      // Hosted extras (AI chat, deploy/share toolbar) talk to Scalar's servers: off.
      showDeveloperTools: "never",
      agent: { disabled: true },
    } as never,
  });
