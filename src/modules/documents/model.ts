import { t } from "elysia";
import { DOCUMENT_STATUSES } from "../../db/schema";
import { Int, oneOf, pageQueryFields } from "../../http/shapes";
import { packs } from "../forms/registry";
export { Pagination } from "../../http/shapes";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);
const FORM_KEYS = [...packs.keys()] as [string, ...string[]];

export const FormKey = oneOf(FORM_KEYS, { error: `formKey must be one of: ${FORM_KEYS.join(", ")}` });
export const Status = oneOf(DOCUMENT_STATUSES, { error: "status must be DRAFT or GENERATED" });

/** A canonical is checked against its pack's schema by the service, which reports precise paths. */
export const Canonical = t.Record(t.String(), t.Unknown(), {
  description: "A form pack's canonical: { schemaVersion: 1, formKey, <body>, provenance? }. See GET /api/documents/forms for each pack's schema.",
});

export const Issue = t.Object({ message: t.String(), path: t.Array(t.String()) });

export const DocumentBody = t.Object({
  canonical: Canonical,
  title: t.Optional(t.String({ maxLength: 200 })),
  dealId: t.Optional(Nullable(t.String({ maxLength: 64 }))),
  personIds: t.Optional(t.Array(t.String({ maxLength: 64 }), { maxItems: 20 })),
});
export const DocumentPatch = t.Partial(DocumentBody);
export const VersionBody = t.Object({ canonical: t.Optional(Canonical) });

export const DocumentSummary = t.Object({
  id: t.String({ examples: ["doc_3k9x0c1q7m2n4b5v6z8a"] }),
  formKey: t.String(),
  title: t.String(),
  status: Status,
  version: Int(),
  rootId: t.String({ description: "The first version's id: every version of the document shares it" }),
  parentId: Nullable(t.String()),
  dealId: Nullable(t.String()),
  personIds: t.Array(t.String()),
  pdf: Nullable(t.Object({
    sha256: t.String({ description: "SHA-256 of the PDF file, hex" }),
    contentSha256: t.String({ description: "SHA-256 of the canonical as rendered: the reference printed in the PDF's footer" }),
    pages: Int(),
    url: t.String(),
  })),
  generatedAt: Nullable(t.String()),
  createdBy: Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
});

export const DocumentDetail = t.Composite([DocumentSummary, t.Object({
  canonical: Canonical,
  missing: t.Array(Issue, { description: "What generation still needs (a DRAFT); empty when ready" }),
  versions: t.Array(t.Object({ id: t.String(), version: Int(), status: Status, createdAt: t.String(), generatedAt: Nullable(t.String()) })),
})]);

export const DocumentsQuery = t.Object({
  dealId: t.Optional(t.String({ maxLength: 64 })),
  personId: t.Optional(t.String({ maxLength: 64 })),
  formKey: t.Optional(FormKey),
  status: t.Optional(Status),
  ...pageQueryFields(25),
});

export const Usage = t.Object({
  used: Int({ description: "Documents rendered (generated) this calendar month" }),
  included: Nullable(Int({ description: "DOCUMENTS_INCLUDED_PER_MONTH; null when unset" })),
  periodLabel: t.String({ examples: ["June 2026"] }),
});

export const DraftBody = t.Object({ prompt: t.String({ minLength: 1, maxLength: 4000, error: "prompt is required (at most 4000 characters)" }) });
export const DraftOk = t.Object({ formKey: t.String(), canonical: Canonical });
export const DraftFailed = t.Object({
  error: t.Literal("draft_failed"),
  reason: oneOf(["no_json", "invalid_draft", "error"] as const),
  issues: t.Optional(t.Array(Issue)),
});

export const FormInfo = t.Object({
  formKey: t.String(),
  title: t.String(),
  bodyKey: t.String(),
  steps: t.Array(t.Object({ key: t.String(), title: t.String(), fields: t.Array(t.String()) })),
  schema: t.Unknown({ description: "JSON Schema of the canonical" }),
});
