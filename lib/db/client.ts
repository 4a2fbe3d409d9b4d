// The only place a PrismaClient is constructed. The app uses the singleton in
// lib/db/index.ts; CLI scripts (start-up, seeding) call this with their URL.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { noteDatabaseError } from "./availability";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // How long a query waits for a free connection (or for a new one to be made) before
    // failing. Not forever: a stuck database must not queue requests without end. But
    // not short either: under a burst (the soak: 50 connections on 2 cores at 1M papers)
    // the pool of 10 stays busy for seconds, and a page served late beats a 500. A dead
    // database is answered at once anyway, by the guard in proxy.ts (lib/db/guard.ts).
    connectionTimeoutMillis: 15_000,
    // A connection whose server vanished without closing it (a network cut, a host that
    // died) would otherwise wait forever; keepalive probes end it within a minute or so.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // No JIT compilation: PostgreSQL compiles a plan whose estimated cost passes
    // jit_above_cost, and for this app's short statements compiling is pure loss: ~40 ms
    // on a 12 ms search (lib/search/search-statement.ts), 150 ms on an ingest batch. Set
    // on each new connection before the pool hands it out (pg-pool awaits the promise,
    // though @types/pg declares a void return).
    onConnect: async (client: pg.ClientBase) => {
      await client.query("SET jit = off");
    },
  });
  const adapter = new PrismaPg(pool, {
    // A connection that dies while idle in the pool (the server restarted) is dropped by
    // the pool and replaced on next use; noting the error lets proxy.ts answer 503 at
    // once rather than after the next probe (lib/db/availability.ts).
    onPoolError: noteDatabaseError,
    onConnectionError: noteDatabaseError,
    // $disconnect() ends the pool, as it did when the adapter made its own.
    disposeExternalPool: true,
  });
  return new PrismaClient({ adapter });
}
