import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedColumns } from "../setup/prisma-schema";

type DbColumn = { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string };

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
let actual: DbColumn[] = [];

beforeAll(async () => {
  await client.connect();
  ({ rows: actual } = await client.query<DbColumn>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
  ));
});
afterAll(() => client.end());

function typeOf(column: DbColumn): string {
  if (column.data_type === "ARRAY") return `${typeOf({ ...column, data_type: column.udt_name.replace(/^_/, ""), udt_name: column.udt_name.replace(/^_/, "") })}[]`;
  const aliases: Record<string, string> = { int4: "integer", int8: "bigint", text: "text", bool: "boolean", float8: "double precision", timestamptz: "timestamp with time zone" };
  if (column.data_type === "USER-DEFINED") return column.udt_name;
  return aliases[column.data_type] ?? column.data_type;
}

describe("schema.prisma and the migrated database", () => {
  const expected = expectedColumns();

  it("have the same tables and columns", () => {
    const key = (table: string, column: string) => `${table}.${column}`;
    expect(actual.map((c) => key(c.table_name, c.column_name)).sort()).toEqual(
      expected.map((c) => key(c.table, c.column)).sort(),
    );
  });

  it("agree on every column's type and nullability", () => {
    for (const column of expected) {
      const found = actual.find((c) => c.table_name === column.table && c.column_name === column.column);
      expect(found, `${column.table}.${column.column}`).toBeDefined();
      expect(typeOf(found!), `${column.table}.${column.column} type`).toBe(column.type);
      if (column.nullable !== "any") {
        expect(found!.is_nullable === "YES", `${column.table}.${column.column} nullable`).toBe(column.nullable);
      }
    }
  });
});
