// Appliance-wide tables (not owned by an organization).
import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The appliance's JWT signing keys, generated once on first start and kept in the database
 * so one backup restores an appliance whose issued tokens still verify.
 */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  publicJwk: text("public_jwk").notNull(),
  privateJwk: text("private_jwk").notNull(),
  createdAt: text("created_at").notNull(),
  retiredAt: text("retired_at"),
});
