// "For you" in a delivered digest, on a small corpus where every match is known:
// boost mode (trending list + For you), filter mode (keyword matches only), several
// keywords, and what never goes into the section (old papers, guessed corrections).
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun, type RunStatus } from "@/lib/digest/run";
import type { Mailer } from "@/lib/mail/types";
import {
  clockFrom,
  DAY_MS,
  messageTo,
  paperIdsIn,
  seedPapers,
  seedSubscribers,
  testMailer,
  testRunOptions,
  type TestPaper,
} from "@/tests/helpers/digest-fixtures";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";

const DATE = "2026-11-23";
const NOW = new Date(`${DATE}T06:00:00Z`).getTime();
const hoursAgo = (hours: number) => new Date(NOW - hours * 3_600_000);
const votes = (count: number) => Array.from({ length: count }, (_, n) => hoursAgo(n + 1));

const PAPERS: TestPaper[] = [
  // The edition (digestSize 2): the two papers with votes today.
  { id: "trend0000001", title: "Diffusion transformers at scale", abstract: "Scaling diffusion backbones.", publishedAt: hoursAgo(20), votes: votes(10) },
  { id: "trend0000002", title: "Graph networks for weather", abstract: "Forecasting weather with message passing.", publishedAt: hoursAgo(22), votes: votes(5) },
  // Recent diffusion papers without votes today.
  ...Array.from({ length: 6 }, (_, n) => ({
    id: `diffu000000${n}`,
    title: `Diffusion sampler variant ${n}`,
    abstract: `A diffusion sampler, variant ${n}.`,
    publishedAt: new Date(NOW - (n + 2) * DAY_MS),
  })),
  { id: "weath0000001", title: "Weather nowcasting with radar", abstract: "Short-range weather prediction.", publishedAt: hoursAgo(30) },
  // Too old for For you (a week is "recent").
  { id: "olddiff00001", title: "Diffusion in the old days", abstract: "An older diffusion paper.", publishedAt: new Date(NOW - 10 * DAY_MS) },
];
const RECENT_DIFFUSION = Array.from({ length: 6 }, (_, n) => `diffu000000${n}`);

describe("For you in the delivered digest", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  let smtp: SmtpTestServer;
  let mailer: Mailer;
  let cleanupMailer: () => Promise<void>;
  let status: RunStatus;
  const mail = (email: string): ParsedMail => messageTo(smtp.messages, smtp.envelopes, email);

  beforeAll(async () => {
    await resetDatabase();
    await seedPapers(db, PAPERS);
    await seedSubscribers(
      db,
      [
        { email: "plain@example.org" },
        { email: "boost@example.org", keywords: ["diffusion"] },
        { email: "two@example.org", keywords: ["diffusion", "weather"] },
        { email: "filter@example.org", keywords: ["diffusion"], keywordMode: "filter" },
        { email: "nothing@example.org", keywords: ["kangaroo"], keywordMode: "filter" },
        { email: "typo@example.org", keywords: ["difusion"] },
      ],
      new Date(NOW),
    );
    smtp = await startSmtpTestServer();
    ({ mailer, cleanup: cleanupMailer } = testMailer(smtp.url));
    const { runId } = await createDigestRun(DATE);
    status = await executeDigestRun(runId, testRunOptions(mailer, clockFrom(new Date(NOW)).now, { digestSize: 2 }));
  });
  afterAll(async () => {
    await cleanupMailer?.();
    await smtp?.close();
    await db.$disconnect();
  });

  it("edition: the two papers voted for today, in every trending list", async () => {
    expect((await db.digestEdition.findUniqueOrThrow({ where: { date: new Date(DATE) } })).paperIds).toEqual(["trend0000001", "trend0000002"]);
    for (const email of ["plain@example.org", "boost@example.org", "two@example.org", "typo@example.org"]) {
      expect(paperIdsIn(mail(email).text!, "Trending today")).toEqual(["trend0000001", "trend0000002"]);
    }
    expect(status).toMatchObject({ status: "done", recipients: 6, sent: 5, skipped: 1, failed: 0 });
  });

  it("boost: five recent matches, none already in the trending list, none older than a week", () => {
    const forYou = paperIdsIn(mail("boost@example.org").text!, "For you");
    expect(forYou).toHaveLength(5);
    for (const id of forYou) expect(RECENT_DIFFUSION).toContain(id);
    expect(mail("boost@example.org").text).toContain("Matching your keywords: diffusion");
  });

  it("several keywords share the five places: the second keyword's match is not crowded out", () => {
    const forYou = paperIdsIn(mail("two@example.org").text!, "For you");
    expect(forYou).toHaveLength(5);
    // Round-robin: the weather paper comes second, after the best diffusion match.
    expect(forYou[1]).toBe("weath0000001");
    expect(forYou.filter((id) => id !== "weath0000001").every((id) => RECENT_DIFFUSION.includes(id))).toBe(true);
    expect(mail("two@example.org").text).toContain("Matching your keywords: diffusion, weather");
  });

  it("a misspelt keyword adds nothing (a corrected search is only a guess)", () => {
    expect(mail("typo@example.org").text).not.toContain("For you");
  });

  it("filter: no trending list; a filter subscriber with no match gets no mail (skipped)", async () => {
    expect(paperIdsIn(mail("filter@example.org").text!, "Trending today")).toEqual([]);
    expect(smtp.envelopes.some((envelope) => envelope.to.includes("nothing@example.org"))).toBe(false);
    const skipped = await db.digestDelivery.findFirstOrThrow({ where: { subscriber: { email: "nothing@example.org" } } });
    expect(skipped).toMatchObject({ state: "skipped", attempts: 1 });
  });

  // Regression test for a fixed bug (lib/digest/deliver.ts): forYouPaperIds() is always given the edition's ids to
  // leave out, which is right in boost mode (those papers are in the trending list
  // above) but wrong in filter mode, where the trending list is not shown: the best
  // match of all, a trending paper matching the keyword, is never shown to a filter
  // subscriber (and one whose only matches are trending gets no mail at all).
  // Fix: in deliverBatch, compute For you with `exclude = filterOnly ? [] : editionIds`
  // (forYouPaperIds per mode, or pass the exclusion per recipient).
  it("filter: a trending paper that matches the keyword is in the filter subscriber's mail", () => {
    expect(paperIdsIn(mail("filter@example.org").text!, "For you")).toContain("trend0000001");
  });
});
