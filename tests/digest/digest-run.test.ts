// The daily digest end to end: the demo corpus, subscribers of every kind, real runs
// (createDigestRun + executeDigestRun) delivering to the SMTP test server, the
// List-Unsubscribe one-click route, a second run for the same day, and the next days.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as unsubscribeGET, POST as unsubscribePOST } from "@/app/api/unsubscribe/[token]/route";
import { dailyDigestSubject } from "@/emails/daily-digest";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun, getRunStatus } from "@/lib/digest/run";
import { loadDemoCorpus } from "@/lib/ingest/demo/load-demo";
import type { Mailer } from "@/lib/mail/types";
import { unsubscribeToken } from "@/lib/subscribers/links";
import {
  BASE_URL,
  clockFrom,
  countByRecipient,
  messageTo,
  paperIdsIn,
  rawHeader,
  seedSubscribers,
  testMailer,
  testRunOptions,
} from "@/tests/helpers/digest-fixtures";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";

const MONDAY = "2026-11-23";
const TUESDAY = "2026-11-24";
const SATURDAY = "2026-11-28";
// The cron fires at 06:00 UTC; the demo corpus is generated as of Monday's run.
const at = (date: string) => `${date}T06:00:00.000Z`;

const SUBSCRIBERS = [
  { email: "daily@example.org" },
  { email: "reader+papers@example.org" },
  { email: "keywords@example.org", keywords: ["diffusion"] },
  { email: "weekly@example.org", frequency: "weekly" as const },
  { email: "weekdays@example.org", skipWeekends: true },
  { email: "pending@example.org", confirmed: false },
  { email: "gone@example.org", unsubscribed: true },
  { email: "paused@example.org", digestEnabled: false },
];
const NEVER = ["pending@example.org", "gone@example.org", "paused@example.org"];

type Run = { messages: ParsedMail[]; envelopes: { from: string; to: string[] }[]; status: Awaited<ReturnType<typeof executeDigestRun>> };

describe("digest run against a real SMTP server", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  let smtp: SmtpTestServer;
  let mailer: Mailer;
  let cleanupMailer: () => Promise<void>;
  let ids: Map<string, string>;
  const id = (email: string) => ids.get(email)!;

  /** One run for `date`, its clock starting at 06:00 that day; returns what the server received during it. */
  async function run(date: string): Promise<Run> {
    const before = smtp.messages.length;
    const { runId } = await createDigestRun(date);
    const status = await executeDigestRun(runId, testRunOptions(mailer, clockFrom(at(date)).now));
    return { messages: smtp.messages.slice(before), envelopes: smtp.envelopes.slice(before), status };
  }

  let monday: Run;

  beforeAll(async () => {
    await resetDatabase();
    await loadDemoCorpus(db, { now: new Date(at(MONDAY)) });
    ids = await seedSubscribers(db, SUBSCRIBERS, new Date(at(MONDAY)));
    smtp = await startSmtpTestServer();
    ({ mailer, cleanup: cleanupMailer } = testMailer(smtp.url));
    monday = await run(MONDAY);
  });
  afterAll(async () => {
    await cleanupMailer?.();
    await smtp?.close();
    await db.$disconnect();
  });

  describe("Monday", () => {
    const due = ["daily@example.org", "reader+papers@example.org", "keywords@example.org", "weekly@example.org", "weekdays@example.org"];

    it("sends every due, confirmed subscriber exactly one message, and nobody else any", () => {
      expect(Object.fromEntries(countByRecipient(monday.envelopes))).toEqual(Object.fromEntries(due.map((email) => [email, 1])));
      for (const envelope of monday.envelopes) expect(envelope.from).toBe("digest@paperboy.test");
      expect(monday.status).toMatchObject({ date: MONDAY, status: "done", recipients: 5, sent: 5, failed: 0, skipped: 0 });
    });

    it("records each delivery as sent once, with the Message-ID the server received", async () => {
      const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(MONDAY) }, include: { subscriber: true } });
      expect(rows.map((row) => row.subscriber.email).sort()).toEqual([...due].sort());
      for (const row of rows) {
        expect(row).toMatchObject({ state: "sent", attempts: 1, lastError: null, leaseUntil: null, interruptedAt: null });
        expect(row.sentAt).not.toBeNull();
        expect(messageTo(monday.messages, monday.envelopes, row.subscriber.email).messageId).toBe(row.messageId);
      }
    });

    it("gives each message a text and an HTML part, the dated subject and the list headers", async () => {
      const edition = await db.digestEdition.findUniqueOrThrow({ where: { date: new Date(MONDAY) } });
      expect(edition.paperIds).toHaveLength(10);
      const top = await db.paper.findUniqueOrThrow({ where: { id: edition.paperIds[0] } });
      const messageIds = new Set<string>();

      for (const email of due) {
        const mail = messageTo(monday.messages, monday.envelopes, email);
        expect(mail.text?.length).toBeGreaterThan(200);
        expect(mail.html).toEqual(expect.stringContaining("<html"));
        expect(mail.subject).toBe(dailyDigestSubject(MONDAY, top.title));
        expect(mail.subject).toMatch(/^Paperboy · Nov 23, 2026: /);
        expect(mail.from?.value).toEqual([{ name: "Paperboy", address: "digest@paperboy.test" }]);

        const token = unsubscribeToken(id(email));
        expect(rawHeader(mail, "List-Unsubscribe")).toBe(`<${BASE_URL}/api/unsubscribe/${token}>`);
        expect(rawHeader(mail, "List-Unsubscribe")).toMatch(/^<https?:\/\/[^/>]+\/api\/unsubscribe\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}>$/);
        expect(rawHeader(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
        expect(rawHeader(mail, "List-Id")).toBe("Paperboy daily digest <daily.paperboy.test>");
        expect(mail.messageId).toMatch(/^<digest\.2026-11-23\.[0-9a-f]{24}@paperboy\.test>$/);
        messageIds.add(mail.messageId!);

        // The footer's links are this subscriber's, in both parts; no placeholder is left.
        expect(mail.text).toContain(`${BASE_URL}/api/unsubscribe/${token}`);
        expect(mail.html).toContain(`href="${BASE_URL}/api/unsubscribe/${token}"`);
        expect(`${mail.text}${mail.html}`).not.toContain("paperboy.invalid");
        // "View in browser" opens the day's edition.
        expect(mail.html).toMatch(new RegExp(`<a [^>]*href="${BASE_URL}/digest/${MONDAY}"[^>]*>View in browser</a>`));
        expect(mail.text).toContain(`Monday, November 23, 2026 · View in browser ${BASE_URL}/digest/${MONDAY}`);
        // Everyone gets the same stored edition, in its order.
        expect(paperIdsIn(mail.text!, "Trending today")).toEqual(edition.paperIds);
      }
      expect(messageIds.size).toBe(due.length);
    });

    it("adds a For you section only for the subscriber who follows keywords, and remembers what it sent", async () => {
      const edition = await db.digestEdition.findUniqueOrThrow({ where: { date: new Date(MONDAY) } });
      const mail = messageTo(monday.messages, monday.envelopes, "keywords@example.org");
      expect(mail.text).toContain("Matching your keywords: diffusion");
      const forYou = paperIdsIn(mail.text!, "For you");
      expect(forYou).toHaveLength(5);
      for (const paperId of forYou) expect(edition.paperIds).not.toContain(paperId);
      const papers = await db.paper.findMany({ where: { id: { in: forYou } } });
      for (const paper of papers) expect(`${paper.title} ${paper.abstract}`.toLowerCase()).toContain("diffus");

      const sent = await db.forYouSent.findMany({ where: { subscriberId: id("keywords@example.org") } });
      expect(sent.map((row) => row.paperId).sort()).toEqual([...forYou].sort());
      expect(await db.forYouSent.count()).toBe(5);

      for (const email of due.filter((e) => e !== "keywords@example.org")) {
        const other = messageTo(monday.messages, monday.envelopes, email);
        expect(other.text).not.toContain("For you");
        expect(other.html).not.toContain("For you");
      }
    });
  });

  describe("List-Unsubscribe", () => {
    const urlOf = (email: string) => rawHeader(messageTo(monday.messages, monday.envelopes, email), "List-Unsubscribe")!.slice(1, -1);
    const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
    const unsubscribed = async () =>
      (await db.subscriber.findMany({ where: { unsubscribedAt: { not: null } }, select: { email: true } })).map((s) => s.email).sort();

    function post(url: string, token = tokenOf(url)) {
      return unsubscribePOST(
        new Request(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        }),
        { params: Promise.resolve({ token }) },
      );
    }

    it("refuses a tampered token with 400 and unsubscribes nobody", async () => {
      const url = urlOf("daily@example.org");
      const token = tokenOf(url);
      const dot = token.indexOf(".");
      const flip = (text: string, index: number) => `${text.slice(0, index)}${text[index] === "A" ? "B" : "A"}${text.slice(index + 1)}`;
      const otherId = id("reader+papers@example.org");
      const forged = [
        flip(token, dot + 10), // one character of the signature
        flip(token, 3), // one character of the subscriber id
        `${otherId}${token.slice(dot)}`, // another subscriber's id with this signature
        token.slice(0, dot), // no signature
        `${token}x`,
      ];
      for (const bad of forged) {
        const response = await post(url.replace(token, bad), bad);
        expect(response.status, bad).toBe(400);
        expect(await response.text()).toBe("This unsubscribe link is not valid.");
      }
      expect(await unsubscribed()).toEqual(["gone@example.org"]);
    });

    it("GET leads to the confirmation page with 303 and unsubscribes nobody (link scanners)", async () => {
      const url = urlOf("reader+papers@example.org");
      const token = tokenOf(url);
      const response = await unsubscribeGET(new Request(url), { params: Promise.resolve({ token }) });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`${BASE_URL}/unsubscribe/${token}`);
      expect(await unsubscribed()).toEqual(["gone@example.org"]);
    });

    it("one-click POST (RFC 8058) unsubscribes that subscriber only, with 200", async () => {
      const response = await post(urlOf("daily@example.org"));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("You are unsubscribed from the Paperboy digest.");
      expect(await unsubscribed()).toEqual(["daily@example.org", "gone@example.org"]);
      // Idempotent: a second click changes nothing and still answers 200.
      expect((await post(urlOf("daily@example.org"))).status).toBe(200);
      expect(await unsubscribed()).toEqual(["daily@example.org", "gone@example.org"]);
    });
  });

  describe("again on Monday, then Tuesday and Saturday", () => {
    it("a second run for the same day sends nothing new", async () => {
      const again = await run(MONDAY);
      expect(again.messages).toHaveLength(0);
      expect(again.status).toMatchObject({ date: MONDAY, status: "done", recipients: 5, sent: 5, failed: 0, skipped: 0 });
      expect(await db.digestDelivery.count({ where: { editionDate: new Date(MONDAY) } })).toBe(5);
    });

    let tuesday: Run;
    it("Tuesday: daily subscribers only; not the weekly one, not the one who unsubscribed", async () => {
      tuesday = await run(TUESDAY);
      expect(Object.fromEntries(countByRecipient(tuesday.envelopes))).toEqual({
        "reader+papers@example.org": 1,
        "keywords@example.org": 1,
        "weekdays@example.org": 1,
      });
      expect(tuesday.status).toMatchObject({ date: TUESDAY, status: "done", recipients: 3, sent: 3, failed: 0, skipped: 0 });
      for (const mail of tuesday.messages) expect(mail.subject).toMatch(/^Paperboy · Nov 24, 2026/);
    });

    it("Tuesday: For you never repeats a paper sent on Monday", async () => {
      const mondayForYou = paperIdsIn(messageTo(monday.messages, monday.envelopes, "keywords@example.org").text!, "For you");
      const tuesdayForYou = paperIdsIn(messageTo(tuesday.messages, tuesday.envelopes, "keywords@example.org").text!, "For you");
      expect(tuesdayForYou.length).toBeGreaterThan(0);
      expect(tuesdayForYou.filter((paperId) => mondayForYou.includes(paperId))).toEqual([]);
      const sent = await db.forYouSent.findMany({ where: { subscriberId: id("keywords@example.org") } });
      expect(sent.map((row) => row.paperId).sort()).toEqual([...mondayForYou, ...tuesdayForYou].sort());
    });

    it("Saturday: not the one who skips weekends", async () => {
      const saturday = await run(SATURDAY);
      expect(Object.fromEntries(countByRecipient(saturday.envelopes))).toEqual({ "reader+papers@example.org": 1, "keywords@example.org": 1 });
      expect(saturday.status).toMatchObject({ date: SATURDAY, status: "done", recipients: 2, sent: 2 });
    });

    it("never mails an unconfirmed, unsubscribed or paused address, and run status matches the rows", async () => {
      const all = countByRecipient(smtp.envelopes);
      for (const email of NEVER) expect(all.get(email)).toBeUndefined();
      const runs = await db.digestRun.findMany({ orderBy: { createdAt: "asc" } });
      expect(runs.map((r) => [r.editionDate.toISOString().slice(0, 10), r.status, r.error])).toEqual([
        [MONDAY, "done", null],
        [MONDAY, "done", null],
        [TUESDAY, "done", null],
        [SATURDAY, "done", null],
      ]);
      expect(await getRunStatus(runs[0].id)).toMatchObject({ recipients: 5, sent: 5 });
    });
  });
});
