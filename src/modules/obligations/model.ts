// Request and response schemas of the obligation routes.
import { t } from "elysia";
import { OBLIGATION_STATUSES, OBLIGATION_TYPES } from "../../db/schema";
import { Int, oneOf } from "../../http/shapes";
import { URGENCIES } from "./service";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);
const Type = oneOf(OBLIGATION_TYPES, { description: OBLIGATION_TYPES.join(", ") });

/** Digit strings with the range in the pattern, so "abc", 0, 366 and 1.5 are one clear 400. */
export const UpcomingQuery = t.Object({
  withinDays: t.Optional(t.String({
    pattern: "^(36[0-5]|3[0-5][0-9]|[12][0-9]{2}|[1-9][0-9]?)$", default: "30",
    description: "Look-ahead window in days, 1 to 365 (default 30). Overdue obligations are always included.",
    error: "withinDays must be a whole number from 1 to 365",
  })),
});

export const Upcoming = t.Object({
  obligations: t.Array(t.Object({
    id: t.String(),
    documentId: t.String(),
    dealId: Nullable(t.String()),
    type: Type,
    description: Nullable(t.String()),
    dueDate: t.String({ description: "ISO 8601 instant (UTC)" }),
    amountCents: Nullable(Int()),
    urgency: oneOf(URGENCIES, { description: "overdue (past), due_soon (within the organization's dueSoonDays, default 7), pending" }),
  })),
});

export const Obligation = t.Object({
  id: t.String(),
  documentId: t.String({ description: "The newest version the obligation comes from" }),
  rootId: t.String({ description: "The document's version chain" }),
  dealId: Nullable(t.String()),
  ruleKey: t.String({ description: "The pack rule (closing, condition:financing, deposit…)" }),
  type: Type,
  description: Nullable(t.String()),
  dueDate: Nullable(t.String({ description: "ISO 8601 instant; null while it waits for acceptance" })),
  dueDateOverridden: t.Boolean(),
  amountCents: Nullable(Int()),
  status: oneOf(OBLIGATION_STATUSES),
  urgency: Nullable(oneOf(URGENCIES)),
  note: Nullable(t.String()),
  doneAt: Nullable(t.String()),
  doneBy: Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
});

export const ObligationsQuery = t.Object({
  status: t.Optional(oneOf(OBLIGATION_STATUSES, { error: `status must be one of: ${OBLIGATION_STATUSES.join(", ")}` })),
  dealId: t.Optional(t.String({ maxLength: 64 })),
  type: t.Optional(oneOf(OBLIGATION_TYPES, { error: `type must be one of: ${OBLIGATION_TYPES.join(", ")}` })),
});

export const ResolveBody = t.Optional(t.Object({ note: t.Optional(t.String({ maxLength: 2000 })) }));

export const ObligationPatch = t.Object({
  dueDate: t.Optional(Nullable(t.String({ maxLength: 40, description: "ISO 8601 instant; null returns to the document's date" }))),
  note: t.Optional(Nullable(t.String({ maxLength: 2000 }))),
});
