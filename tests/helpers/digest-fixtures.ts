// Shared set-up for the digest and subscriber tests: subscribers and papers seeded
// straight into the database, a pooled SMTP mailer for the SMTP test server, run
// options with a clock that starts at a chosen instant, and readers for what the
// server received.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import type { Database } from "@/lib/db/client";
import type { RunOptions } from "@/lib/digest/run";
import { createMailer } from "@/lib/mail/create-mailer";
import type { Mailer } from "@/lib/mail/types";
import { titleKey } from "@/lib/papers/title-key";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import type { SmtpEnvelope } from "./smtp-test-server";

export const MAIL_FROM = "Paperboy <digest@paperboy.test>";
export const BASE_URL = "https://paperboy.test";
export const DAY_MS = 86_400_000;

export type TestSubscriber = {
  email: string;
  /** Default true. */
  confirmed?: boolean;
  unsubscribed?: boolean;
  digestEnabled?: boolean;
  frequency?: "daily" | "weekly";
  skipWeekends?: boolean;
  keywordMode?: "boost" | "filter";
  keywords?: string[];
};

/** Inserts subscribers as the subscribe flow would leave them; returns email → id. */
export async function seedSubscribers(db: Database, subscribers: TestSubscriber[], now: Date): Promise<Map<string, string>> {
  const ids = new Map(subscribers.map((s) => [s.email, randomUUID()]));
  await db.subscriber.createMany({
    data: subscribers.map((s) => ({
      id: ids.get(s.email)!,
      email: s.email,
      createdAt: new Date(now.getTime() - 7 * DAY_MS),
      confirmedAt: s.confirmed === false ? null : new Date(now.getTime() - 6 * DAY_MS),
      unsubscribedAt: s.unsubscribed ? new Date(now.getTime() - DAY_MS) : null,
      digestEnabled: s.digestEnabled ?? true,
      frequency: s.frequency ?? "daily",
      skipWeekends: s.skipWeekends ?? false,
      keywordMode: s.keywordMode ?? "boost",
    })),
  });
  const keywords = subscribers.flatMap((s) => (s.keywords ?? []).map((query) => ({ subscriberId: ids.get(s.email)!, query })));
  if (keywords.length > 0) await db.followedKeyword.createMany({ data: keywords });
  return ids;
}

export type TestPaper = { id: string; title: string; abstract: string; publishedAt: Date; votes?: Date[] };

/** Inserts papers (with votes at the given instants) and refreshes the search vocabulary. */
export async function seedPapers(db: Database, papers: TestPaper[]): Promise<void> {
  for (const paper of papers) {
    await db.paper.create({
      data: {
        id: paper.id,
        title: paper.title,
        titleKey: titleKey(paper.title),
        abstract: paper.abstract,
        publishedAt: paper.publishedAt,
        source: "test",
        votes: { create: (paper.votes ?? []).map((createdAt, n) => ({ voterId: `voter:${n}`, createdAt })) },
      },
    });
  }
  await rebuildSearchVocabulary(db);
}

/** A clock that reads `start` now and then runs at real speed (retries and leases need time to pass). */
export function clockFrom(start: Date | string): { now: () => Date; offsetMs: number } {
  const offsetMs = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offsetMs), offsetMs };
}

/** The digest's mailer for the SMTP test server, pooled as in production. */
export function testMailer(smtpUrl: string): { mailer: Mailer; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "paperboy-digest-"));
  const mailer = createMailer({ SMTP_URL: smtpUrl, MAIL_FROM, DATA_DIR: dir }, { pool: true });
  return {
    mailer,
    cleanup: async () => {
      await mailer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Small, quick settings: a few rows per claim, short leases and retries. */
export function testRunOptions(mailer: Mailer, now: () => Date, overrides: Partial<RunOptions> = {}): RunOptions {
  return { mailer, baseUrl: BASE_URL, now, batchSize: 3, leaseMs: 5_000, retryBaseMs: 20, maxAttempts: 3, digestSize: 10, ...overrides };
}

/** How many messages each envelope recipient got. */
export function countByRecipient(envelopes: SmtpEnvelope[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const envelope of envelopes) for (const to of envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

/** The message (the only one) whose envelope went to `address`. */
export function messageTo(messages: ParsedMail[], envelopes: SmtpEnvelope[], address: string): ParsedMail {
  const found = messages.filter((_, index) => envelopes[index].to.includes(address));
  if (found.length !== 1) throw new Error(`expected one message to ${address}, found ${found.length}`);
  return found[0];
}

/** A header exactly as sent (unfolded), by name; undefined when absent. */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  if (line === undefined) return undefined;
  return line.replace(/\r?\n(?=[ \t])/g, "").slice(line.indexOf(":") + 1).trim();
}

/** The paper ids linked in one section of a digest's text part ("Trending today" or "For you"), in order. */
export function paperIdsIn(text: string, section: "Trending today" | "For you"): string[] {
  const start = text.indexOf(section);
  if (start === -1) return [];
  const ends = ["Trending today", "For you", "Manage preferences"]
    .map((marker) => text.indexOf(marker, start + section.length))
    .filter((index) => index !== -1);
  const body = text.slice(start, ends.length > 0 ? Math.min(...ends) : undefined);
  return [...body.matchAll(/\/papers\/([^\s\]/)]+)/g)].map((match) => decodeURIComponent(match[1]));
}
