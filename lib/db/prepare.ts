// Brings a database to the state the app needs: the embedded PGlite one when no
// DATABASE_URL is given, all migrations applied, and the demo corpus loaded when
// the papers table is empty (unless DEMO_DATA=off). Shared by `npm start`,
// `npm run dev` and the browser tests' server.
import path from "node:path";
import type { Env } from "@/lib/env/schema";
import { loadDemoCorpus } from "@/lib/ingest/demo/load-demo";
import { createPrismaClient } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { holdDataDirLock } from "./data-dir-lock";
import { migrate } from "./migrate";

export type PreparedDatabase = {
  url: string;
  /** Human-readable: which database this is, without credentials. */
  label: string;
  stop: () => Promise<void>;
};

export async function prepareDatabase(env: Env, log: (line: string) => void): Promise<PreparedDatabase> {
  const database = env.DATABASE_URL ? external(env.DATABASE_URL) : await embedded(env.DATA_DIR);
  try {
    const applied = await migrate(database.url, { log });
    if (applied.length === 0) log("database schema is up to date");
    if (env.DEMO_DATA === "on") await loadDemoIfEmpty(database.url, log);
    return database;
  } catch (error) {
    await database.stop();
    throw error;
  }
}

function external(url: string): PreparedDatabase {
  const parsed = new URL(url);
  const label = `PostgreSQL at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  return { url, label, stop: async () => {} };
}

async function embedded(dataDir: string): Promise<PreparedDatabase> {
  const dir = path.resolve(dataDir, "pglite");
  const releaseLock = await holdDataDirLock(dir);
  try {
    const server = await startEmbeddedPostgres({ dataDir: dir });
    return {
      url: server.url,
      label: `embedded PGlite in ${displayPath(dir)}`,
      stop: async () => {
        await server.stop();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

/** Relative to the project when inside it (".data/pglite"), absolute otherwise. */
function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") ? relative : dir;
}

async function loadDemoIfEmpty(url: string, log: (line: string) => void): Promise<void> {
  const db = createPrismaClient(url, { poolSize: 2 });
  try {
    if ((await db.paper.count()) > 0) return;
    log("papers table is empty: loading the demo corpus (DEMO_DATA=off skips this)");
    const result = await loadDemoCorpus(db, { now: new Date() });
    log(
      `demo corpus loaded: ${result.listings} listings, ${result.insertedPapers} papers, ${result.insertedVotes} generated votes`,
    );
  } finally {
    await db.$disconnect();
  }
}
