// The CRM: people, deals through the pipeline, parties, stage history, the activity timeline
// and closing checklists. Every row carries organization_id; every query filters by it.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./identity";

export const PERSON_TYPES = ["lead", "client", "other"] as const;
export const DEAL_KINDS = ["purchase", "sale", "lease"] as const;
export const DEAL_STAGES = ["lead", "showing", "offer", "conditional", "firm", "closed", "lost"] as const;
export const PARTY_ROLES = ["buyer", "seller", "tenant", "landlord", "lawyer", "co-op agent"] as const;

export type DealStage = (typeof DEAL_STAGES)[number];

export interface Address {
  street: string;
  unit?: string;
  city: string;
  province: string;
  postalCode?: string;
}

/** A calendar date, as ARCHITECTURE.md fixes them. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export const people = sqliteTable(
  "people",
  {
    id: text("id").primaryKey(), // person_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    type: text("type", { enum: PERSON_TYPES }).notNull().default("lead"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull().default(""),
    email: text("email"), // normalized
    phone: text("phone"), // E.164
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    notes: text("notes"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at"),
  },
  (t) => [
    // Duplicate detection: one live person per email and per phone within an organization.
    uniqueIndex("people_org_email").on(t.organizationId, t.email).where(sql`email IS NOT NULL AND deleted_at IS NULL`),
    uniqueIndex("people_org_phone").on(t.organizationId, t.phone).where(sql`phone IS NOT NULL AND deleted_at IS NULL`),
    index("people_org_name").on(t.organizationId, t.lastName, t.firstName),
  ],
);

export const deals = sqliteTable(
  "deals",
  {
    id: text("id").primaryKey(), // deal_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    kind: text("kind", { enum: DEAL_KINDS }).notNull(),
    title: text("title").notNull(),
    address: text("address", { mode: "json" }).$type<Address>().notNull(),
    /** Price for purchase and sale, monthly rent for lease, in cents. */
    amountCents: integer("amount_cents"),
    stage: text("stage", { enum: DEAL_STAGES }).notNull().default("lead"),
    agentUserId: text("agent_user_id").references(() => users.id),
    keyDates: text("key_dates", { mode: "json" }).$type<Record<string, CalendarDate>>().notNull().default(sql`'{}'`),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    stageChangedAt: text("stage_changed_at").notNull(),
  },
  (t) => [index("deals_org_stage").on(t.organizationId, t.stage)],
);

export const dealParties = sqliteTable(
  "deal_parties",
  {
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    dealId: text("deal_id").notNull().references(() => deals.id, { onDelete: "cascade" }),
    personId: text("person_id").notNull().references(() => people.id),
    role: text("role", { enum: PARTY_ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.personId, t.role] }), index("deal_parties_person").on(t.personId)],
);

export const dealStageHistory = sqliteTable(
  "deal_stage_history",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    dealId: text("deal_id").notNull().references(() => deals.id, { onDelete: "cascade" }),
    fromStage: text("from_stage", { enum: DEAL_STAGES }),
    toStage: text("to_stage", { enum: DEAL_STAGES }).notNull(),
    reason: text("reason"),
    changedBy: text("changed_by"),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [index("deal_stage_history_deal").on(t.dealId, t.changedAt)],
);

/** The timeline: notes, stage changes and, from later areas, documents, signatures, calls. */
export const activities = sqliteTable(
  "activities",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    dealId: text("deal_id"),
    personId: text("person_id"),
    kind: text("kind").notNull(), // note, person_created, deal_created, stage_changed, task_done, ...
    body: text("body").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    actorUserId: text("actor_user_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("activities_deal").on(t.dealId, t.createdAt), index("activities_person").on(t.personId, t.createdAt)],
);

/** Closing checklist items. template_key makes spawning the default checklist idempotent. */
export const dealTasks = sqliteTable(
  "deal_tasks",
  {
    id: text("id").primaryKey(), // task_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    dealId: text("deal_id").notNull().references(() => deals.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    dueDate: text("due_date"), // YYYY-MM-DD
    templateKey: text("template_key"),
    position: integer("position").notNull().default(0),
    doneAt: text("done_at"),
    doneBy: text("done_by"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("deal_tasks_deal").on(t.dealId, t.position),
    uniqueIndex("deal_tasks_template").on(t.dealId, t.templateKey).where(sql`template_key IS NOT NULL`),
  ],
);

/** A CSV import of people: progress while it runs, and the per-row report afterwards. */
export const peopleImports = sqliteTable(
  "people_imports",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
    fileName: text("file_name"),
    totalRows: integer("total_rows").notNull(),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    /** [{ row, status: "created" | "refused", reason?, personId? }] */
    report: text("report", { mode: "json" }).$type<ImportRowResult[]>().notNull().default(sql`'[]'`),
    error: text("error"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("people_imports_org").on(t.organizationId, t.createdAt)],
);

export interface ImportRowResult {
  row: number;
  status: "created" | "refused";
  reason?: string;
  personId?: string;
}
