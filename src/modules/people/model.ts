import { t } from "elysia";
import { oneOf, pageQueryFields } from "../../http/shapes";
import { PERSON_TYPES } from "../../db/schema";
export { Pagination } from "../../http/shapes";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const PersonType = oneOf(PERSON_TYPES, { error: "type must be lead, client or other" });

export const Person = t.Object({
  id: t.String({ examples: ["person_3k9x0c1q7m2n4b5v6z8a"] }),
  type: PersonType,
  firstName: t.String(),
  lastName: t.String(),
  name: t.String(),
  email: Nullable(t.String()),
  phone: Nullable(t.String({ description: "E.164" })),
  tags: t.Array(t.String()),
  notes: Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
});

export const PersonBody = t.Object({
  type: t.Optional(PersonType),
  firstName: t.String({ maxLength: 100 }),
  lastName: t.Optional(t.String({ maxLength: 100 })),
  email: t.Optional(Nullable(t.String({ maxLength: 254 }))),
  phone: t.Optional(Nullable(t.String({ maxLength: 40, description: "E.164, or a North American number written any usual way" }))),
  tags: t.Optional(t.Array(t.String({ maxLength: 40 }), { maxItems: 30 })),
  notes: t.Optional(Nullable(t.String({ maxLength: 10000 }))),
});
export const PersonPatch = t.Partial(PersonBody);


export const PeopleQuery = t.Object({
  q: t.Optional(t.String({ maxLength: 200, description: "Matches name, email or phone digits" })),
  type: t.Optional(PersonType),
  tag: t.Optional(t.String({ maxLength: 40 })),
  ...pageQueryFields(25),
});

export const Activity = t.Object({
  id: t.String(), kind: t.String(), body: t.String(), data: Nullable(t.Record(t.String(), t.Unknown())),
  dealId: Nullable(t.String()), personId: Nullable(t.String()), actorUserId: Nullable(t.String()), createdAt: t.String(),
});
export const NoteBody = t.Object({ body: t.String({ minLength: 1, maxLength: 10000, error: "A note needs 1 to 10000 characters" }) });

export const IdParams = t.Object({ id: t.String({ maxLength: 64 }) });

export const ImportStatus = t.Object({
  id: t.String(),
  status: oneOf(["running", "done", "failed"] as const),
  fileName: Nullable(t.String()),
  totalRows: t.Number(),
  processedRows: t.Number(),
  createdCount: t.Number(),
  refusedCount: t.Number(),
  report: t.Array(t.Object({
    row: t.Number({ description: "Row number as a spreadsheet shows it (the header is row 1)" }),
    status: oneOf(["created", "refused"] as const),
    reason: t.Optional(t.String()),
    personId: t.Optional(t.String()),
  })),
  error: Nullable(t.String()),
  createdAt: t.String(),
  finishedAt: Nullable(t.String()),
});
