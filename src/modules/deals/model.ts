import { t } from "elysia";
import { Int, oneOf, pageQueryFields } from "../../http/shapes";
import { DEAL_KINDS, DEAL_STAGES, PARTY_ROLES } from "../../db/schema";
import { Activity, Pagination } from "../people/model";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const Kind = oneOf(DEAL_KINDS, { error: `kind must be one of: ${DEAL_KINDS.join(", ")}` });
export const Stage = oneOf(DEAL_STAGES, { error: `stage must be one of: ${DEAL_STAGES.join(", ")}` });
export const Role = oneOf(PARTY_ROLES, { error: `role must be one of: ${PARTY_ROLES.join(", ")}` });

export const Address = t.Object({
  street: t.String({ minLength: 1, maxLength: 200, error: "street is required" }),
  unit: t.Optional(t.String({ maxLength: 20 })),
  city: t.String({ minLength: 1, maxLength: 100, error: "city is required" }),
  province: t.String({ minLength: 2, maxLength: 2, error: "province is a two-letter code, e.g. ON" }),
  postalCode: t.Optional(t.String({ pattern: "^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$", error: "postalCode must look like M5V 2T6" })),
});

export const CalendarDate = t.Object({
  year: t.Integer({ minimum: 1900, maximum: 2200 }),
  month: t.Integer({ minimum: 1, maximum: 12 }),
  day: t.Integer({ minimum: 1, maximum: 31 }),
});

export const Party = t.Object({ personId: t.String({ maxLength: 64 }), role: Role });

export const DealBody = t.Object({
  kind: Kind,
  title: t.Optional(t.String({ maxLength: 200 })),
  address: Address,
  amountCents: t.Optional(Nullable(t.Integer({ minimum: 0, description: "Price (purchase, sale) or monthly rent (lease), in cents" }))),
  stage: t.Optional(Stage),
  agentUserId: t.Optional(Nullable(t.String({ maxLength: 64 }))),
  keyDates: t.Optional(t.Record(t.String({ pattern: "^[a-zA-Z_]{1,40}$" }), CalendarDate, { description: "e.g. { closing: {year, month, day} }" })),
  parties: t.Optional(t.Array(Party, { maxItems: 50 })),
});
export const DealPatch = t.Partial(t.Omit(DealBody, ["kind", "stage"]));

export const Deal = t.Object({
  id: t.String({ examples: ["deal_ghi789..."] }),
  kind: Kind,
  title: t.String(),
  address: Address,
  amountCents: Nullable(Int()),
  stage: Stage,
  agentUserId: Nullable(t.String()),
  keyDates: t.Record(t.String(), CalendarDate),
  parties: t.Array(t.Object({ personId: t.String(), role: Role, name: t.String(), email: Nullable(t.String()), phone: Nullable(t.String()) })),
  createdAt: t.String(),
  updatedAt: t.String(),
  stageChangedAt: t.String(),
});

export const Task = t.Object({ id: t.String(), title: t.String(), dueDate: Nullable(t.String()), done: t.Boolean(), doneAt: Nullable(t.String()), doneBy: Nullable(t.String()) });
export const DealDetail = t.Object({ deal: Deal, tasks: t.Array(Task) });

export const DealsQuery = t.Object({
  stage: t.Optional(Stage),
  kind: t.Optional(Kind),
  agentUserId: t.Optional(t.String({ maxLength: 64 })),
  personId: t.Optional(t.String({ maxLength: 64 })),
  q: t.Optional(t.String({ maxLength: 200 })),
  ...pageQueryFields(25),
});

export const StageBody = t.Object({ stage: Stage, reason: t.Optional(t.String({ maxLength: 500 })) });
export const History = t.Array(t.Object({ from: Nullable(Stage), to: Stage, reason: Nullable(t.String()), changedBy: Nullable(t.String()), changedAt: t.String() }));
export const TaskBody = t.Object({ title: t.String({ minLength: 1, maxLength: 300 }), dueDate: t.Optional(Nullable(t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", error: "dueDate must be YYYY-MM-DD" }))) });
export const TaskPatch = t.Object({ done: t.Boolean() });
export { Activity, Pagination };
