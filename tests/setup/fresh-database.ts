// A database that belongs to one test run and nothing else: a new database on the
// server named by TEST_DATABASE_URL (dropped afterwards), or an in-memory PGlite.
// Tests never touch the app's own data.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

export type FreshDatabase = { url: string; label: string; drop: () => Promise<void> };

export async function createFreshDatabase(prefix: string, serverUrl = process.env.TEST_DATABASE_URL): Promise<FreshDatabase> {
  const database = serverUrl ? await onServer(serverUrl, prefix) : await inMemory();
  await migrate(database.url);
  return database;
}

async function onServer(serverUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `database ${name} on ${url.host}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function inMemory(): Promise<FreshDatabase> {
  const server = await startEmbeddedPostgres();
  return { url: server.url, label: "in-memory PGlite", drop: server.stop };
}
