import "server-only";
import { db, type Database } from "@/lib/db";

export type Health =
  | { status: "ok"; database: "ok"; papers: number }
  | { status: "error"; database: "error" };

/** Answers within the pool's connection timeout even when the database is down. */
export async function checkHealth(database: Database = db): Promise<Health> {
  try {
    return { status: "ok", database: "ok", papers: await database.paper.count() };
  } catch (error) {
    // The reason goes to the server log, never to the client (it may name hosts).
    const reason = error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
    console.error(`health check: database unreachable: ${reason}`);
    return { status: "error", database: "error" };
  }
}
