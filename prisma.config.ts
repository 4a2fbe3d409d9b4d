// Configuration for the Prisma CLI (generate; and migrate on machines that have
// Prisma's schema engine). The app itself never reads this file.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/paperboy" },
});
