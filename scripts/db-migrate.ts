// `npm run db:migrate`: applies pending SQL migrations to DATABASE_URL, or to the
// embedded database under DATA_DIR when it is unset.
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { holdDataDirLock } from "@/lib/db/data-dir-lock";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env/schema";

const log = (line: string) => console.log(`[db:migrate] ${line}`);

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  if (env.DATABASE_URL) {
    report(await migrate(env.DATABASE_URL, { log }));
    return;
  }
  const dir = path.resolve(env.DATA_DIR, "pglite");
  const release = await holdDataDirLock(dir);
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  try {
    report(await migrate(embedded.url, { log }));
  } finally {
    await embedded.stop();
    await release();
  }
}

function report(applied: string[]): void {
  log(applied.length === 0 ? "nothing to apply: the schema is up to date" : `applied ${applied.length} migration(s)`);
}

main().catch((error: unknown) => {
  console.error(`[db:migrate] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
