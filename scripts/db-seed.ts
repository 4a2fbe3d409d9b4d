// `npm run db:seed`: loads the demo corpus into DATABASE_URL, or into the embedded
// database under DATA_DIR when it is unset (applying migrations first). Idempotent.
import { parseEnv } from "@/lib/env/schema";
import { generatePrismaClient } from "./generate-client";

const log = (line: string) => console.log(`[db:seed] ${line}`);

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  generatePrismaClient();
  const { prepareDatabase } = await import("@/lib/db/prepare");
  // prepareDatabase only loads into an empty database; this command loads unconditionally below.
  const database = await prepareDatabase({ ...env, DEMO_DATA: "off" }, log);
  try {
    const { createPrismaClient } = await import("@/lib/db/client");
    const { loadDemoCorpus } = await import("@/lib/ingest/demo/load-demo");
    const db = createPrismaClient(database.url, { poolSize: 2 });
    const result = await loadDemoCorpus(db, { now: new Date() });
    log(`${result.listings} listings, ${result.papers} unique papers: ${result.insertedPapers} new papers, ${result.insertedVotes} new votes`);
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[db:seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
