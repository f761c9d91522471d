// Clickwrap: versioned agreement texts and immutable acceptance evidence. An acceptance names
// the exact version accepted (its SHA-256); the database refuses to change or remove one.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./identity";

export const clickwrapAgreements = sqliteTable(
  "clickwrap_agreements",
  {
    id: text("id").primaryKey(), // agr_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    key: text("key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** SHA-256 of the body, hex: the current version. */
    versionHash: text("version_hash").notNull(),
    version: integer("version").notNull().default(1),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("clickwrap_agreements_key").on(t.organizationId, t.key)],
);

/** Every published version, so an acceptance's versionHash always resolves to the text accepted. */
export const clickwrapVersions = sqliteTable(
  "clickwrap_versions",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    agreementId: text("agreement_id").notNull().references(() => clickwrapAgreements.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    versionHash: text("version_hash").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [uniqueIndex("clickwrap_versions_agreement").on(t.agreementId, t.version)],
);

export const clickwrapAcceptances = sqliteTable(
  "clickwrap_acceptances",
  {
    id: text("id").primaryKey(), // acc_…
    organizationId: text("organization_id").notNull().references(() => organizations.id),
    agreementId: text("agreement_id").notNull().references(() => clickwrapAgreements.id),
    version: integer("version").notNull(),
    versionHash: text("version_hash").notNull(),
    subjectRef: text("subject_ref"),
    acceptedAt: text("accepted_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("clickwrap_acceptances_agreement").on(t.agreementId, t.acceptedAt)],
);
