import { defineConfig } from "drizzle-kit";

// drizzle-kit generates the SQL in migrations/ from the tables in src/db/schema.
// After `npm run db:generate`, src/db/migrations.gen.ts is rewritten so the binary embeds them.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
});
