import { createHash } from "node:crypto";
import { cp, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate, readMigrations } from "@/lib/db/migrate";
import { createFreshDatabase, type FreshDatabase } from "../setup/fresh-database";

// Each case gets its own database: migrations change schema, not just rows.
const scratch: FreshDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((d) => d.drop()));
});

async function emptyDatabase(): Promise<string> {
  // createFreshDatabase migrates; these tests want to see migrate() act, so drop what it made.
  const database = await createFreshDatabase("paperboy_migrate");
  scratch.push(database);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await client.end();
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it("applies every migration once and records it as Prisma Migrate does", async () => {
    const migrations = await readMigrations();
    expect(await migrate(url)).toEqual(migrations.map((m) => m.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null; id: string }>(
      url,
      `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[index].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("uses the sha256 of the file's bytes as the checksum", async () => {
    const [first] = await readMigrations();
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(path.join(MIGRATIONS_DIR, first.name, "migration.sql"));
    expect(first.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(url)).toEqual([]);
  });

  it("creates the search column, its GIN index keyed by lexeme and UTC day, pg_trgm and btree_gin", async () => {
    const indexes = await query<{ indexname: string; indexdef: string }>(url, `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'papers'`);
    const search = indexes.find((i) => i.indexname === "papers_search_idx");
    expect(search?.indexdef).toMatch(/USING gin \(search_vector, \(\(\(published_at AT TIME ZONE 'UTC'::text\)\)::date\)\)/);
    // The one full-text index: the single-column one it replaced is gone.
    expect(indexes.filter((i) => /USING gin \(search_vector/.test(i.indexdef))).toHaveLength(1);
    expect(indexes.some((i) => /gin_trgm_ops/.test(i.indexdef))).toBe(true);
    const extensions = await query<{ extname: string }>(url, `SELECT extname FROM pg_extension`);
    expect(extensions.map((e) => e.extname)).toEqual(expect.arrayContaining(["pg_trgm", "btree_gin"]));
  });

  it("writes the vocabulary's trigram index directly, with no pending list for suggestions to read", async () => {
    const [index] = await query<{ reloptions: string[] | null }>(url, `SELECT reloptions FROM pg_class WHERE relname = 'search_words_word_trgm_idx'`);
    expect(index.reloptions).toContain("fastupdate=off");
  });
});

describe("migrate with a changed or failing migration", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "paperboy-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    await migrate(url, { dir });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/was edited after it was applied/);
    await writeFile(path.join(dir, first.name, "migration.sql"), first.sql);
  });

  it("rolls back a failing migration, records its error, and refuses to continue until resolved", async () => {
    const url = await emptyDatabase();
    const broken = path.join(dir, "29991231000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE half_made (id int);\nSELECT * FROM no_such_table;\n`);

    await expect(migrate(url, { dir })).rejects.toThrow(/29991231000000_broken failed: .*no_such_table/);
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE tablename = 'half_made'`);
    expect(tables).toEqual([]);
    const [row] = await query<{ finished_at: Date | null; logs: string }>(
      url,
      `SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`,
    );
    expect(row.finished_at).toBeNull();
    expect(row.logs).toMatch(/no_such_table/);
    await expect(migrate(url, { dir })).rejects.toThrow(/failed earlier/);
    await rm(broken, { recursive: true });
  });
});
