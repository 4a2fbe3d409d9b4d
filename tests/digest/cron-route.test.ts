// The cron routes, called directly as Next would call them: the Bearer check of
// withCron, starting a run (POST/GET /api/cron/digest) and reading its status
// (GET /api/cron/digest/runs/[runId]).
//
// The digest route hands the run to next/server's after(), which only works inside
// Next's request scope. Called directly, the real after() throws (see the first test
// of "starting a run"); the other tests replace it with a stand-in that keeps the task,
// so the test can run it, as Next would once the response is sent.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any import of lib/env: the route's mailer (mailerFromEnv) goes to an SMTP test
// server of this file, never to the outbox under the app's DATA_DIR.
const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  const smtp = await startSmtpTestServerAsMailEnv({}, "Paperboy <digest@paperboy.test>");
  return { smtp, captureAfter: false, afterTasks: [] as (() => unknown)[] };
});

vi.mock("next/server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("next/server")>();
  return {
    ...actual,
    after: (task: () => unknown) => (hoisted.captureAfter ? void hoisted.afterTasks.push(task) : actual.after(task)),
  };
});

import { GET as startGET, POST as startPOST } from "@/app/api/cron/digest/route";
import { GET as statusGET } from "@/app/api/cron/digest/runs/[runId]/route";
import { createPrismaClient } from "@/lib/db/client";
import { editionDateOf } from "@/lib/digest/schedule";
import { mailerFromEnv } from "@/lib/mail";
import { countByRecipient, seedSubscribers } from "@/tests/helpers/digest-fixtures";
import { resetDatabase } from "../setup/reset-database";

const SECRET = process.env.CRON_SECRET!;
const ORIGIN = "https://paperboy.test";

function request(path: string, authorization?: string, method = "POST"): Request {
  return new Request(`${ORIGIN}${path}`, { method, headers: authorization === undefined ? {} : { authorization } });
}

async function status(runId: string, ...auth: [authorization?: string]): Promise<Response> {
  const authorization = auth.length === 0 ? `Bearer ${SECRET}` : auth[0];
  return statusGET(request(`/api/cron/digest/runs/${encodeURIComponent(runId)}`, authorization, "GET"), { params: Promise.resolve({ runId }) });
}

describe("cron routes", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await seedSubscribers(db, [{ email: "ada@example.org" }, { email: "bob@example.org" }, { email: "cy@example.org", confirmed: false }], new Date());
  });
  afterAll(async () => {
    await mailerFromEnv().close();
    await hoisted.smtp.close();
    await db.$disconnect();
  });

  describe("withCron", () => {
    const refused = [
      ["no Authorization header", undefined],
      ["an empty one", ""],
      ["a wrong secret", "Bearer test-cron-secret-0123456780"],
      ["the secret without the Bearer scheme", SECRET],
      ["the secret with another scheme", `Basic ${SECRET}`],
      ["the secret with a trailing character", `Bearer ${SECRET}x`],
      ["the secret cut short", `Bearer ${SECRET.slice(0, -1)}`],
      ["Bearer and nothing else", "Bearer "],
    ] as const;

    it.each(refused)("answers 401 to %s, on both methods, and starts nothing", async (_label, authorization) => {
      for (const handler of [startPOST, startGET]) {
        const response = await handler(request("/api/cron/digest", authorization, handler === startGET ? "GET" : "POST"), undefined);
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe("Bearer");
        expect(await response.json()).toEqual({ error: "Unauthorized." });
      }
      const run = await status("00000000-0000-4000-8000-000000000000", authorization);
      expect(run.status).toBe(401);
      expect(await db.digestRun.count()).toBe(0);
    });

    // Regression test for a fixed bug (lib/cron/with-cron.ts, minor): the authentication scheme is matched
    // case-sensitively ("Bearer " only), but RFC 9110 §11.1 makes it case-insensitive,
    // so a scheduler sending "bearer <secret>" is refused. Fix: compare the scheme with
    // /^bearer +/i (or split on the first space and lower-case the scheme).
    it("accepts the scheme in any case (RFC 9110: case-insensitive)", async () => {
      hoisted.captureAfter = true;
      try {
        const response = await startPOST(request("/api/cron/digest", `bearer ${SECRET}`), undefined);
        expect(response.status).toBe(202);
      } finally {
        hoisted.captureAfter = false;
        hoisted.afterTasks.splice(0);
        await db.digestRun.deleteMany();
      }
    });

    it("answers 503 to everyone when CRON_SECRET is not configured", async () => {
      // lib/env parses process.env once per module graph: a fresh graph sees it unset.
      const saved = process.env.CRON_SECRET;
      try {
        for (const unset of [undefined, ""]) {
          if (unset === undefined) delete process.env.CRON_SECRET;
          else process.env.CRON_SECRET = unset;
          vi.resetModules();
          const { withCron } = await import("@/lib/cron/with-cron");
          const { env } = await import("@/lib/env");
          expect(env.CRON_SECRET).toBeUndefined();
          const handler = vi.fn(async () => new Response("ran"));
          const guarded = withCron(handler);
          for (const authorization of [`Bearer ${saved}`, "Bearer ", undefined]) {
            const response = await guarded(request("/api/cron/digest", authorization), undefined);
            expect(response.status).toBe(503);
            expect(await response.json()).toEqual({ error: "CRON_SECRET is not configured on this server." });
          }
          expect(handler).not.toHaveBeenCalled();
          // The real route, from the same fresh graph.
          const route = await import("@/app/api/cron/digest/route");
          expect((await route.POST(request("/api/cron/digest", `Bearer ${saved}`), undefined)).status).toBe(503);
        }
      } finally {
        process.env.CRON_SECRET = saved;
        vi.resetModules();
      }
      expect(await db.digestRun.count()).toBe(0);
    });
  });

  describe("starting a run", () => {
    it("outside Next's request scope the real after() throws, after the run row was created", async () => {
      // What a direct call (a test, or a script importing the route) gets: the handler
      // rejects, and the run it created stays "queued" with nothing to execute it.
      await expect(startPOST(request("/api/cron/digest", `Bearer ${SECRET}`), undefined)).rejects.toThrow(
        "`after` was called outside a request scope",
      );
      const runs = await db.digestRun.findMany();
      expect(runs.map((run) => run.status)).toEqual(["queued"]);
      await db.digestRun.deleteMany();
    });

    it("202 {runId, date, status} with the right secret; the run continues after the response and mails the subscribers", async () => {
      hoisted.captureAfter = true;
      const before = editionDateOf(new Date());
      const response = await startPOST(request("/api/cron/digest", `Bearer ${SECRET}`), undefined);
      const after = editionDateOf(new Date());
      expect(response.status).toBe(202);
      const body = (await response.json()) as { runId: string; date: string; status: string };
      expect(Object.keys(body).sort()).toEqual(["date", "runId", "status"]);
      expect(body.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([before, after]).toContain(body.date);
      expect(body.status).toBe("queued");

      // Nothing is sent before the response: the work is the task handed to after().
      expect(hoisted.afterTasks).toHaveLength(1);
      expect(hoisted.smtp.messages).toHaveLength(0);
      const queued = await status(body.runId);
      expect(queued.status).toBe(200);
      expect(queued.headers.get("cache-control")).toBe("no-store");
      expect(await queued.json()).toEqual({ runId: body.runId, date: body.date, status: "queued", recipients: 0, sent: 0, failed: 0, skipped: 0 });

      await hoisted.afterTasks.shift()!();
      expect(Object.fromEntries(countByRecipient(hoisted.smtp.envelopes))).toEqual({ "ada@example.org": 1, "bob@example.org": 1 });
      // The route's links use the request's origin (APP_URL is unset in tests).
      for (const mail of hoisted.smtp.messages) expect(mail.text).toContain(`${ORIGIN}/api/unsubscribe/`);

      const done = await status(body.runId);
      expect(await done.json()).toEqual({ runId: body.runId, date: body.date, status: "done", recipients: 2, sent: 2, failed: 0, skipped: 0 });

      // GET starts a run too (cron services use GET); the same day adds no mail.
      const again = await startGET(request("/api/cron/digest", `Bearer ${SECRET}`, "GET"), undefined);
      expect(again.status).toBe(202);
      const second = (await again.json()) as { runId: string };
      expect(second.runId).not.toBe(body.runId);
      await hoisted.afterTasks.shift()!();
      expect(hoisted.smtp.messages).toHaveLength(2);
      expect(await (await status(second.runId)).json()).toMatchObject({ status: "done", recipients: 2, sent: 2 });
      hoisted.captureAfter = false;
    });
  });

  describe("GET /api/cron/digest/runs/[runId]", () => {
    it.each([
      ["a malformed id", "not-a-uuid"],
      ["an id with SQL in it", "' OR 1=1 --"],
      ["an empty id", ""],
      ["an unknown uuid", "6f1c7d9e-2b7a-4c1e-9d3f-0a1b2c3d4e5f"],
    ])("answers 404 to %s", async (_label, runId) => {
      const response = await status(runId);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "run not found" });
    });
  });
});
