// Reads the models of prisma/schema.prisma as the columns they should map to, for
// the drift test. Small on purpose: it understands the subset of the schema
// language this project uses, and fails loudly on anything else.
import { readFileSync } from "node:fs";

export type ExpectedColumn = { table: string; column: string; type: string; nullable: boolean | "any" };

const SCALARS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  Float: "double precision",
  Json: "jsonb",
};

export function expectedColumns(schemaPath = "prisma/schema.prisma"): ExpectedColumn[] {
  const source = readFileSync(schemaPath, "utf8").replace(/\/\/.*$/gm, "");
  const models = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]));
  const enumNames = new Set([...source.matchAll(/^enum\s+(\w+)/gm)].map((m) => m[1]));

  return models.flatMap(([, model, body]) => {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    return body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("@@"))
      .flatMap((line) => {
        const [, name, rawType, list, optional, rest] = /^(\w+)\s+(Unsupported\("[^"]+"\)|\w+)(\[\])?(\?)?\s*(.*)$/.exec(line) ?? [];
        if (!name) throw new Error(`cannot read schema line in model ${model}: ${line}`);
        if (modelNames.has(rawType)) return []; // a relation, not a column
        const column = /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? name;
        return [{ table, column, type: columnType(rawType, rest, Boolean(list), enumNames), nullable: list ? "any" : Boolean(optional) }];
      });
  });
}

function dateTimeType(attributes: string): string {
  if (/@db\.Date\b/.test(attributes)) return "date";
  return attributes.includes("@db.Timestamptz") ? "timestamp with time zone" : "timestamp without time zone";
}

function columnType(type: string, attributes: string, list: boolean, enums: Set<string>): string {
  const unsupported = /^Unsupported\("([^"]+)"\)$/.exec(type)?.[1];
  let base: string;
  if (unsupported) base = unsupported;
  else if (type === "DateTime") base = dateTimeType(attributes);
  else if (enums.has(type)) base = type;
  else if (SCALARS[type]) base = SCALARS[type];
  else throw new Error(`drift test does not know Prisma type ${type}`);
  return list ? `${base}[]` : base;
}
