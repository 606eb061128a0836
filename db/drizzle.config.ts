import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file; migrations run from app/lib/migrate.server.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
