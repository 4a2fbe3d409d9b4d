import { createFreshDatabase } from "./fresh-database";

export default async function setup() {
  const database = await createFreshDatabase("paperboy_test");
  console.log(`[tests] integration database: ${database.label}`);
  // Workers are started after this and inherit the variable; lib/env reads it.
  process.env.DATABASE_URL = database.url;
  return database.drop;
}
