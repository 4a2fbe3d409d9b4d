// The embedded default database: PGlite (real Postgres compiled to wasm) behind
// a Postgres wire-protocol socket, so the app reaches it through the very same
// Prisma + adapter-pg path it uses for a real server.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = {
  /** postgresql:// URL of the socket server on 127.0.0.1. */
  url: string;
  stop: () => Promise<void>;
};

/**
 * Starts PGlite and serves it on 127.0.0.1.
 * @param dataDir where the data files live (kept across restarts); undefined keeps everything in memory.
 * @param port 0 picks a free port.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // The extensions the migrations create: trigram similarity, and btree_gin for the
  // full-text index keyed by day (prisma/migrations/20261207000000_search_by_day).
  const db = await PGlite.create(options.dataDir, { extensions: { btree_gin, pg_trgm } });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    // The default of 1 closes a pool's second connection (Prisma error P1017).
    maxConnections: 64,
  });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
