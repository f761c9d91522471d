// Request and response schemas of the clickwrap routes, and the limits the service enforces
// for the pages too (one set of numbers for both doors).
import { t } from "elysia";
import { Int } from "../../http/shapes";

export const KEY_PATTERN = "^[a-z0-9][a-z0-9._-]{0,79}$";
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;
export const SUBJECT_REF_MAX = 200;
/** What the API lists of an agreement's acceptances; the CSV export has them all. */
export const ACCEPTANCES_LIMIT = 200;

export const KEY_ERROR = "key must be 1 to 80 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";
export const TITLE_ERROR = `title is required, at most ${TITLE_MAX} characters`;
export const BODY_ERROR = `body is required, at most ${BODY_MAX} characters`;
export const SUBJECT_REF_ERROR = `subjectRef must be at most ${SUBJECT_REF_MAX} characters`;

const Hash = t.String({ description: "SHA-256 of the body, hex", examples: ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"] });
const AgreementId = t.String({ examples: ["agr_3k9x0c1q7m2n4b5v6z8a"] });

export const AgreementParams = t.Object({ agreementId: t.String({ maxLength: 64 }) });

export const PublishBody = t.Object({
  key: t.String({ pattern: KEY_PATTERN, description: "Stable identifier of the agreement within your organization", error: KEY_ERROR }),
  title: t.String({ minLength: 1, maxLength: TITLE_MAX, description: "Display title shown on the consent page", error: TITLE_ERROR }),
  body: t.String({ minLength: 1, maxLength: BODY_MAX, description: "Full agreement text; its SHA-256 is the versionHash", error: BODY_ERROR }),
});

export const PublishResult = t.Object({ id: AgreementId, versionHash: Hash });

export const Acceptance = t.Object({
  id: t.String({ examples: ["acc_xyz789"] }),
  versionHash: Hash,
  subjectRef: t.Union([t.String(), t.Null()], { description: "Caller-supplied identifier (person id, email), or null" }),
  acceptedAt: t.String({ description: "ISO 8601, UTC" }),
});

export const Agreement = t.Object({
  id: AgreementId,
  key: t.String(),
  title: t.String(),
  version: Int({ description: "1 for the first text, +1 for every changed body" }),
  versionHash: Hash,
  active: t.Boolean({ description: "false: the consent page and the public endpoints answer 404 { state: \"gone\" }" }),
  acceptanceCount: Int(),
  createdAt: t.String(),
  updatedAt: t.String(),
});

export const Version = t.Object({
  version: Int(),
  versionHash: Hash,
  title: t.String({ description: "The title when this version was published" }),
  body: t.String(),
  createdAt: t.String(),
});

export const PublicAgreement = t.Object({
  agreement: t.Object({ id: AgreementId, key: t.String(), title: t.String(), body: t.String(), versionHash: Hash }),
});

export const AcceptBody = t.Optional(t.Object({
  subjectRef: t.Optional(t.Union([t.String({ maxLength: SUBJECT_REF_MAX, error: SUBJECT_REF_ERROR }), t.Null()], {
    description: "Optional identifier linking the acceptance to a person or lead in your CRM (person id, email, other stable reference)",
  })),
  versionHash: t.Optional(t.String({
    pattern: "^[0-9a-fA-F]{64}$",
    description: "Added to the spec: the versionHash of the text shown. When it is no longer the current version the call is refused with 409 version_changed, so text that was not shown is never recorded as accepted.",
    error: "versionHash must be 64 hex characters",
  })),
}));
