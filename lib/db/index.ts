import "server-only";
import { env } from "@/lib/env";
import { createPrismaClient, type Database } from "./client";

export type { Database };

// Next's dev server re-evaluates modules on every edit; keeping the client on
// globalThis stops each reload from opening another connection pool.
const globalForDb = globalThis as unknown as { paperboyDb?: Database };

function client(): Database {
  if (globalForDb.paperboyDb) return globalForDb.paperboyDb;
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm start` (or `npm run dev`), which runs the embedded database and sets it.",
    );
  }
  globalForDb.paperboyDb = createPrismaClient(env.DATABASE_URL);
  return globalForDb.paperboyDb;
}

/**
 * The app's one PrismaClient. Created on first use rather than at import, because
 * `next build` imports every route while no database is running.
 */
export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const target = client();
    const value: unknown = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
