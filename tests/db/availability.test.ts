// What tells proxy.ts that the database is down (lib/db/availability.ts, unavailable.ts):
// errors met for real (a refused connection, a connection cut mid-query, a backend
// terminated by the server, a server that never answers) are recognised as "unavailable"
// and ordinary query errors are not; the probe is shared, runs at most once a second,
// notices a cut within its timeout and a recovery on its next turn.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseIsUp, noteDatabaseError, PROBE_EVERY_MS } from "@/lib/db/availability";
import { createPrismaClient } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { startTcpProxy, type TcpProxy } from "@/tests/helpers/tcp-proxy";

const databaseUrl = process.env.DATABASE_URL!;
const serverPort = Number(new URL(databaseUrl).port || 5432);
/** The probe's answer is kept this long; waiting it out makes the next call probe. */
const nextProbe = () => sleep(PROBE_EVERY_MS + 50);

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("isDatabaseUnavailable, on errors met for real", () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(serverPort);
  });
  afterAll(() => proxy.close());

  it("a refused connection, from a model query and from a raw one", async () => {
    await proxy.down("refuse");
    const db = createPrismaClient(proxy.urlFor(databaseUrl));
    try {
      expect(isDatabaseUnavailable(await errorOf(() => db.paper.count()))).toBe(true);
      expect(isDatabaseUnavailable(await errorOf(() => db.$queryRaw`SELECT 1`))).toBe(true);
    } finally {
      await db.$disconnect();
      await proxy.up();
    }
  });

  it("a connection cut in the middle of a query, and the pool recovers without a restart", async () => {
    const db = createPrismaClient(proxy.urlFor(databaseUrl));
    try {
      await db.$queryRaw`SELECT 1`;
      const slow = errorOf(() => db.$queryRaw`SELECT pg_sleep(5)`);
      await sleep(200);
      await proxy.down("refuse");
      expect(isDatabaseUnavailable(await slow)).toBe(true);
      await proxy.up();
      // The dead connection was dropped; the next query opens a new one.
      expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    } finally {
      await db.$disconnect();
    }
  });

  it("a backend the server terminates (as a restart or an administrator does: 57P01)", async () => {
    const db = createPrismaClient(databaseUrl, { poolSize: 1 });
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const slow = errorOf(() => db.$queryRaw`SELECT pg_sleep(5), 'terminate-me'`);
      for (let tries = 0; tries < 50; tries += 1) {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%terminate-me%' AND pid <> pg_backend_pid()`,
        );
        if (rowCount) break;
        await sleep(50);
      }
      expect(isDatabaseUnavailable(await slow)).toBe(true);
    } finally {
      await admin.end();
      await db.$disconnect();
    }
  });

  it("not ordinary query errors: a bad statement, a unique violation, a bug", async () => {
    const db = createPrismaClient(databaseUrl, { poolSize: 1 });
    try {
      expect(isDatabaseUnavailable(await errorOf(() => db.$queryRawUnsafe("SELEC 1")))).toBe(false);
      expect(isDatabaseUnavailable(await errorOf(() => db.$queryRaw`SELECT 1 / 0`))).toBe(false);
      const paper = { id: "avail00001", title: "Twice", titleKey: "twice", abstract: "", publishedAt: new Date(), source: "test" };
      await db.paper.create({ data: paper });
      try {
        expect(isDatabaseUnavailable(await errorOf(() => db.paper.create({ data: paper })))).toBe(false);
      } finally {
        await db.paper.delete({ where: { id: paper.id } });
      }
      expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("databaseIsUp, the shared probe", () => {
  let proxy: TcpProxy;
  let url: string;
  beforeAll(async () => {
    proxy = await startTcpProxy(serverPort);
    url = proxy.urlFor(databaseUrl);
  });
  afterAll(() => proxy.close());

  it("says up while the database answers", async () => {
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
  });

  it("runs one probe for any number of requests in a second, and notices a cut on its next turn", async () => {
    await proxy.down("reset");
    await nextProbe();
    const before = proxy.accepted();
    // Fifty requests at once, then fifty more within the second: one connection attempt in all.
    expect(new Set(await Promise.all(Array.from({ length: 50 }, () => databaseIsUp(url))))).toEqual(new Set([false]));
    expect(new Set(await Promise.all(Array.from({ length: 50 }, () => databaseIsUp(url))))).toEqual(new Set([false]));
    expect(proxy.accepted() - before).toBe(1);
    // The next second, the next probe.
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(false);
    expect(proxy.accepted() - before).toBe(2);
  });

  it("gives up on a server that accepts and never answers (its own timeout), so requests do not hang", async () => {
    await proxy.down("stall");
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(false);
  }, 5_000);

  it("one probe unanswered in time while up is asked again at once, and two in a row mark it down", async () => {
    await proxy.up();
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
    await proxy.down("stall");
    await nextProbe();
    const before = proxy.accepted();
    // A busy event loop can time out a probe whose answer came: one silence is not an outage.
    expect(await databaseIsUp(url)).toBe(true);
    // No waiting for the next second: the next request probes again, and a second silence counts.
    expect(await databaseIsUp(url)).toBe(false);
    expect(proxy.accepted() - before).toBe(2);
  }, 8_000);

  it("finds the database back by itself once it returns", async () => {
    await proxy.up();
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
  });

  it("an unreachable-database error seen by a query marks it down at once, until the next probe; other errors do not", async () => {
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
    noteDatabaseError(new Error("Cannot read properties of undefined"));
    expect(await databaseIsUp(url)).toBe(true);
    noteDatabaseError(Object.assign(new Error("Can't reach database server"), { code: "P1001" }));
    expect(await databaseIsUp(url)).toBe(false);
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
  });

  it("a pool with no connection free in time is busy, not down: the next request asks the probe at once", async () => {
    await nextProbe();
    expect(await databaseIsUp(url)).toBe(true);
    // As Prisma's adapter passes pg-pool's error on (bench/soak.ts met it at 50 connections on 1M papers).
    noteDatabaseError(Object.assign(new Error("timeout exceeded when trying to connect"), { clientVersion: "7" }));
    expect(await databaseIsUp(url)).toBe(true);
    // A busy pool while the database really is gone: the probe it asks for says so at once.
    await proxy.down("reset");
    noteDatabaseError(new Error("timeout exceeded when trying to connect"));
    expect(await databaseIsUp(url)).toBe(false);
    await proxy.up();
  });
});
