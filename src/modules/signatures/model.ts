import { t } from "elysia";
import { ENVELOPE_STATUSES, SIGNER_STATUSES } from "../../db/schema";
import { Int, oneOf } from "../../http/shapes";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);
export const Mode = oneOf(["parallel", "sequential"] as const, { error: "mode must be parallel or sequential" });

export const SendBody = t.Object({
  mode: t.Optional(Mode),
  expiresInDays: t.Optional(Int({ minimum: 1, maximum: 365, error: "expiresInDays must be a whole number from 1 to 365" })),
  signers: t.Optional(t.Array(t.Object({
    name: t.String({ minLength: 1, maxLength: 200 }),
    email: t.String({ maxLength: 254 }),
    role: t.String({ minLength: 1, maxLength: 40 }),
    order: t.Optional(Int({ minimum: 1, maximum: 50 })),
    phone: t.Optional(t.String({ pattern: "^\\+[1-9]\\d{7,14}$", error: "phone must be E.164, e.g. +14165550100" })),
  }), { minItems: 1, maxItems: 20, description: "Replaces the signers derived from the canonical" })),
});

export const SendResult = t.Object({
  envelopeId: t.String(),
  links: t.Array(t.Object({ signerId: t.String(), name: t.String(), email: t.String(), role: t.String(), url: t.String({ description: "The signer's link: shown once, here" }) })),
});

export const Envelope = t.Object({
  id: t.String({ examples: ["env_abc123"] }),
  documentId: t.String(),
  status: oneOf(ENVELOPE_STATUSES),
  mode: Mode,
  createdAt: t.String(),
  completedAt: Nullable(t.String()),
  expiresAt: Nullable(t.String()),
  sealed: t.Boolean({ description: "The final PDF has been produced and digitally signed" }),
  finalSha256: Nullable(t.String()),
  signers: t.Array(t.Object({
    id: t.String(), name: t.String(), email: t.String(), role: t.String(), status: oneOf(SIGNER_STATUSES),
    sentAt: t.Optional(t.String()), signedAt: t.Optional(t.String()), declinedAt: t.Optional(t.String()),
  })),
});

export const EnvelopeParams = t.Object({ envelopeId: t.String({ maxLength: 64 }) });
export const TokenParams = t.Object({ token: t.String({ maxLength: 200 }) });

export const ActBody = t.Object({
  action: oneOf(["authenticate", "consent", "sign", "decline"] as const, { error: "action must be authenticate, consent, sign or decline" }),
  codeVerified: t.Optional(t.Boolean()),
  reason: t.Optional(t.String({ maxLength: 1000 })),
  turnstileToken: t.Optional(t.String({ maxLength: 4096 })),
  signature: t.Optional(t.Object({
    kind: oneOf(["typed", "drawn"] as const),
    text: t.Optional(t.String({ maxLength: 200 })),
    image: t.Optional(t.String({ maxLength: 700_000, description: "PNG, base64 or a data: URL" })),
  }, { description: "Added to the spec: what the signer signed with (default: their name, typed)" })),
});

export const SignerState = t.Object({
  state: t.Literal("active"),
  signer: t.Object({ name: t.String(), role: t.String(), status: oneOf(SIGNER_STATUSES), documentId: t.String() }),
});

export const EvidenceEvent = t.Object({
  seq: Int(), type: t.String(), at: t.String(), signerId: Nullable(t.String()), ip: Nullable(t.String()), userAgent: Nullable(t.String()),
  authMethod: Nullable(t.String()), data: Nullable(t.Record(t.String(), t.Unknown())), prevHash: t.String(), hash: t.String(),
});

export const Verification = t.Object({
  verified: t.Boolean({ description: "This appliance completed a signature envelope whose final PDF has this SHA-256" }),
  sha256: t.String(),
  envelopeId: t.Optional(t.String()),
  documentTitle: t.Optional(t.String()),
  completedAt: t.Optional(t.String()),
  signers: t.Optional(t.Array(t.Object({ name: t.String(), role: t.String(), signedAt: t.String() }))),
  signature: t.Optional(t.Object({ valid: t.Boolean(), coversWholeFile: t.Boolean() }, { description: "When a PDF was uploaded: its embedded digital signature checked" })),
});
