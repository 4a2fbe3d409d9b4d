// The database restarts under traffic. The production app (`npm start`: scripts/start.ts,
// `next build` if the sources changed, `next start`) runs on a fresh database that it
// reaches through a TCP proxy this test controls (tests/helpers/tcp-proxy.ts): cutting
// the proxy is, to the app, the database going away (open connections cut, new ones
// refused); restoring it is the database coming back. Meanwhile a few clients keep
// requesting pages and API routes. Checked, phase by phase:
// - up: every request 200;
// - cut, once the app noticed (its probe, lib/db/availability.ts, or a failed query):
//   every request answers at once 503 with Retry-After, a small JSON body for the API and
//   an HTML page for pages, naming no host; /api/health says {"database":"error"}. Except
//   `/`: the trending list is served from Next's cache without the proxy's database guard
//   (lib/http/cached-page-routes.ts), so the front page stays up, 200, through the outage;
// - between the cut and that moment: 200 or 503, and for the API never 500 (a page
//   whose render was under way when the connection was cut ends in a 500: app/error.tsx);
// - restored: 200 again within seconds, from the same app process (no restart).
// Then SIGTERM stops it: `npm start` exits 0 once the app stopped its background work.
// Every request must answer within HANG_GUARD_MS: failing fast, not hanging, is the point.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, type FreshDatabase } from "@/tests/setup/fresh-database";
import { startTcpProxy, type TcpProxy } from "@/tests/helpers/tcp-proxy";

/** A request that has not answered by then counts as hung: the failure this suite exists to catch. */
const HANG_GUARD_MS = 10_000;
/** Clients requesting at once, each cycling through PATHS. */
const CLIENTS = 3;
/** How long the app may take to find the database back after it returns (it probes once a second). */
const RECOVERY_DEADLINE_MS = 30_000;
/** `next build` when the sources changed, then migrations and the demo corpus. */
const START_TIMEOUT_MS = 15 * 60_000;

type Sample = {
  path: string;
  /** performance.now() when the request was sent, and when its answer was read. */
  startedAt: number;
  endedAt: number;
  status: number | "hung" | "failed";
  retryAfter: string | null;
  contentType: string;
  body: string;
};

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("the database restarts while the app serves traffic", () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let app: ChildProcess;
  let appExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let appOutput = "";
  let dataDir: string;
  let origin: string;
  let paths: string[];

  beforeAll(async () => {
    database = await createFreshDatabase("paperboy_restart");
    proxy = await startTcpProxy(Number(new URL(database.url).port || 5432));
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-restart-"));
    // RELIABILITY_PORT pins the port (a machine shared by several test runs); else any free one.
    const port = Number(process.env.RELIABILITY_PORT ?? (await freePort()));
    origin = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: proxy.urlFor(database.url),
        DEMO_DATA: "on",
        DIGEST_CRON: "off",
        INGEST_CRON: "off",
        SMTP_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
      // A process group of its own: the stop reaches start.ts and `next start` alike.
      detached: true,
    });
    const keep = (chunk: Buffer) => (appOutput = (appOutput + chunk.toString()).slice(-20_000));
    app.stdout!.on("data", keep);
    app.stderr!.on("data", keep);
    appExited = new Promise((resolve) => app.once("exit", (code, signal) => resolve({ code, signal })));

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (app.exitCode !== null) throw new Error(`the app exited before answering:\n${appOutput}`);
      if (Date.now() > deadline) throw new Error(`the app did not answer within ${START_TIMEOUT_MS / 1000} s:\n${appOutput}`);
      const health = await fetch(`${origin}/api/health`).catch(() => null);
      if (health?.ok) break;
      await sleep(500);
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>("SELECT id FROM papers ORDER BY id LIMIT 1");
    await client.end();
    paths = ["/", "/search?q=learning", `/papers/${encodeURIComponent(rows[0].id)}`, "/api/search?q=learning", "/api/health"];
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (app?.pid && app.exitCode === null) {
      process.kill(-app.pid, "SIGTERM");
      const stopped = await Promise.race([appExited.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) process.kill(-app.pid, "SIGKILL");
    }
    await proxy?.close();
    await database?.drop().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function request(path: string): Promise<Sample> {
    const startedAt = performance.now();
    try {
      const response = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(HANG_GUARD_MS), redirect: "manual" });
      const body = await response.text();
      return {
        path,
        startedAt,
        endedAt: performance.now(),
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        contentType: response.headers.get("content-type") ?? "",
        body,
      };
    } catch (error) {
      const hung = error instanceof Error && error.name === "TimeoutError";
      return { path, startedAt, endedAt: performance.now(), status: hung ? "hung" : "failed", retryAfter: null, contentType: "", body: String(error) };
    }
  }

  /** CLIENTS loops over `paths` until stopped; every answer lands in `samples`. */
  function startTraffic() {
    const samples: Sample[] = [];
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = client; running; n += 1) samples.push(await request(paths[n % paths.length]));
    });
    return {
      samples,
      /** Samples sent from `since` until before `until`. */
      between: (since: number, until = Infinity) => samples.filter((s) => s.startedAt >= since && s.startedAt < until),
      /** Waits until every path has `count` answers sent after `since` and matching `accept`. */
      async waitForEach(since: number, count: number, accept: (s: Sample) => boolean = () => true, timeoutMs = 60_000): Promise<number> {
        const deadline = performance.now() + timeoutMs;
        for (;;) {
          const matching = samples.filter((s) => s.startedAt >= since && accept(s));
          if (paths.every((p) => matching.filter((s) => s.path === p).length >= count)) return Math.max(...matching.map((s) => s.endedAt));
          if (performance.now() > deadline) throw new Error(`not every path answered ${count} times as expected within ${timeoutMs} ms`);
          await sleep(50);
        }
      },
      /** Waits for the first answer sent after `since` that matches; resolves when it was read. */
      async firstAfter(since: number, match: (s: Sample) => boolean, timeoutMs = 30_000): Promise<number> {
        const deadline = performance.now() + timeoutMs;
        for (;;) {
          const found = samples.find((s) => s.startedAt >= since && match(s));
          if (found) return found.endedAt;
          if (performance.now() > deadline) throw new Error(`no matching answer within ${timeoutMs} ms`);
          await sleep(50);
        }
      },
      async stop() {
        running = false;
        await Promise.all(clients);
      },
    };
  }

  const statusCounts = (samples: Sample[]) => {
    const counts: Record<string, number> = {};
    for (const s of samples) counts[s.status] = (counts[s.status] ?? 0) + 1;
    return counts;
  };
  const isApi = (s: Sample) => s.path.startsWith("/api/");
  /** `/`, requested while the database was up, is then answered from Next's cache, outage or not. */
  const isCachedPage = (s: Sample) => s.path === "/";
  /** Details a client must never see: hosts, ports, driver errors, stack frames. */
  const leaks = (s: Sample) => [new URL(database.url).hostname, String(proxy.port), "ECONNREFUSED", "Prisma", "    at "].filter((text) => s.body.includes(text));

  it("503 with Retry-After while it is down (never a hang, never a 500 from the API), 200 again once it is back, no restart", async () => {
    const appPid = app.pid;
    const traffic = startTraffic();
    try {
      const upFrom = performance.now();
      await traffic.waitForEach(upFrom, 2);

      // The cut.
      const cutAt = performance.now();
      await proxy.down();
      // Noticed: the health route (the probe, at most a second old) says so.
      const noticedAt = await traffic.firstAfter(cutAt, (s) => s.path === "/api/health" && s.status === 503);
      // Down: three more answers for every path, all sent once the outage was noticed.
      await traffic.waitForEach(noticedAt, 3);

      // The return.
      const restoredAt = performance.now();
      await proxy.up();
      const recoveredAt = await traffic.waitForEach(restoredAt, 1, (s) => s.status === 200, RECOVERY_DEADLINE_MS);
      await traffic.waitForEach(recoveredAt, 2);
      await traffic.stop();

      // By when a request was sent, except that one still running at the cut belongs to the noticing.
      const phases = {
        up: traffic.between(upFrom, cutAt).filter((s) => s.endedAt < cutAt),
        noticing: traffic.between(0, noticedAt).filter((s) => s.endedAt >= cutAt),
        down: traffic.between(noticedAt, restoredAt),
        returning: traffic.between(restoredAt, recoveredAt),
        back: traffic.between(recoveredAt),
      };
      const downLatencies = phases.down.map((s) => s.endedAt - s.startedAt).sort((a, b) => a - b);
      console.info(
        `[database-restart] ${CLIENTS} clients over ${paths.length} routes; statuses by phase: ` +
          Object.entries(phases).map(([phase, samples]) => `${phase} ${JSON.stringify(statusCounts(samples))}`).join(", ") +
          `; outage noticed ${((noticedAt - cutAt) / 1000).toFixed(1)} s after the cut, 200 again ${((recoveredAt - restoredAt) / 1000).toFixed(1)} s after the return; ` +
          `503 answers while down took median ${downLatencies[downLatencies.length >> 1]?.toFixed(0)} ms, max ${downLatencies.at(-1)?.toFixed(0)} ms`,
      );

      const all = traffic.samples;
      // Every request answered within the guard, with a status (no hang, no dropped connection).
      expect(all.filter((s) => typeof s.status !== "number")).toEqual([]);
      expect(phases.up.filter((s) => s.status !== 200).map((s) => `${s.path} ${s.status}`), appOutput).toEqual([]);
      // The API never answers 500, not even while the outage is being noticed.
      expect(all.filter((s) => isApi(s) && s.status === 500).map((s) => `${s.path} ${s.status}`)).toEqual([]);
      // Noticing: 200 (done before the cut reached it) or 503; a page already rendering may
      // end in a 500 (app/error.tsx), which must say nothing about why either.
      for (const s of phases.noticing) {
        expect([200, 503, 500], s.path).toContain(s.status);
        expect(leaks(s), s.path).toEqual([]);
      }
      // Down: the cached front page as before; every other request 503 with Retry-After, in
      // the shape its client reads, saying nothing about why.
      expect(phases.down.length).toBeGreaterThanOrEqual(3 * paths.length);
      for (const s of phases.down) {
        if (isCachedPage(s)) {
          expect({ path: s.path, status: s.status }).toEqual({ path: s.path, status: 200 });
          expect(s.body).toContain("Trending papers");
          continue;
        }
        expect({ path: s.path, status: s.status, retryAfter: s.retryAfter }).toEqual({ path: s.path, status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
        expect(leaks(s), s.path).toEqual([]);
        if (s.path === "/api/health") expect(JSON.parse(s.body)).toEqual({ status: "error", database: "error" });
        else if (isApi(s)) expect(JSON.parse(s.body)).toEqual({ error: expect.stringContaining("unavailable") });
        else {
          expect(s.contentType).toContain("text/html");
          expect(s.body).toContain("Paperboy is briefly unavailable");
        }
      }
      // Returning: 503 (the cached page 200) until the probe finds it back, then 200; back: 200 throughout.
      for (const s of phases.returning) expect([200, 503], s.path).toContain(s.status);
      expect(phases.back.filter((s) => s.status !== 200).map((s) => `${s.path} ${s.status}`)).toEqual([]);
      // The same process served it all: it recovered by itself.
      expect(app.pid).toBe(appPid);
      expect(app.exitCode, appOutput).toBeNull();
    } finally {
      await traffic.stop();
    }
  }, 240_000);

  it("SIGTERM to `npm start` (as a supervisor sends it): the app stops its background work and exits, and so does start.ts, with 0", async () => {
    // To start.ts alone, not its group: it passes the signal on to `next start` and waits.
    process.kill(app.pid!, "SIGTERM");
    const exit = await Promise.race([appExited, sleep(30_000).then(() => "hung" as const)]);
    expect(exit, appOutput).toEqual({ code: 0, signal: null });
    // Next left the signal to the app (NEXT_MANUAL_SIG_HANDLE), whose handler ran (lib/jobs/start-jobs.ts).
    expect(appOutput).toMatch(/\[jobs\] SIGTERM: stopping the digest/);
    expect(appOutput).toMatch(/\[jobs\] background work stopped/);
  }, 60_000);
});
