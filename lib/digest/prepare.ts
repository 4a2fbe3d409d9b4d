import "server-only";
import { digestTemplate, renderDailyDigest, type DigestTemplate } from "@/emails/render";
import { db } from "@/lib/db";
import { paperUrl } from "@/lib/papers/paper-json";
import type { ClaimedDelivery } from "./claim";
import { loadPapers, type EditionPaper } from "./edition";
import { forYouPaperIds, keywordMatcher, type KeywordMatches } from "./for-you";
import { lruCache, type LruCache } from "./lru-cache";

/** A claimed delivery with what its send needs; `mail` still has the placeholder links (personalizeTemplate()). */
export type ReadyDelivery = ClaimedDelivery & { email: string; forYouIds: string[]; mail: DigestTemplate };

/** What a run works out once and all its batches share: the edition, keyword matches, rendered digests. */
export type RunContent = { date: string; edition: EditionPaper[]; baseUrl: string; matches: KeywordMatches; renders: LruCache<DigestTemplate> };

/**
 * Distinct digest contents a run keeps rendered and encoded, ~60 KB each (so at most ~60 MB). Most
 * subscribers share one content; keyword followers share theirs by keywords and matches.
 */
const REMEMBERED_RENDERS = 1_000;

export function runContent(date: string, edition: EditionPaper[], baseUrl: string, now: Date): RunContent {
  return { date, edition, baseUrl, matches: keywordMatcher(now), renders: lruCache(REMEMBERED_RENDERS) };
}

/** What a digest's content depends on, besides the run's edition. */
type DigestContent = { filterOnly: boolean; forYouIds: string[]; keywords: string[] };

/**
 * A claimed batch as deliveries ready to send, and the ids of rows that need no mail:
 * subscribers no longer active (someone may have unsubscribed since the run was
 * planned) and keywords-only subscribers with no match today.
 */
export async function prepareBatch(claimed: ClaimedDelivery[], content: RunContent): Promise<{ ready: ReadyDelivery[]; skipped: bigint[] }> {
  const subscribers = await db.subscriber.findMany({
    where: { id: { in: claimed.map((c) => c.subscriberId) }, confirmedAt: { not: null }, unsubscribedAt: null, digestEnabled: true },
    select: { id: true, email: true, keywordMode: true, keywords: { select: { query: true }, orderBy: { id: "asc" } } },
  });
  const byId = new Map(subscribers.map((s) => [s.id, s]));
  const editionIds = content.edition.map((p) => p.id);
  const forYou = await forYouPaperIds(
    subscribers.map((s) => ({
      subscriberId: s.id,
      keywords: s.keywords.map((k) => k.query),
      // With the trending list shown, "For you" should not repeat it; in filter mode it is the whole mail.
      exclude: s.keywordMode === "filter" ? [] : editionIds,
    })),
    content.matches,
  );

  const skipped: bigint[] = [];
  const due: { delivery: ClaimedDelivery; email: string; digest: DigestContent }[] = [];
  for (const delivery of claimed) {
    const subscriber = byId.get(delivery.subscriberId);
    const forYouIds = forYou.get(delivery.subscriberId) ?? [];
    const keywords = subscriber?.keywords.map((k) => k.query) ?? [];
    const filterOnly = subscriber?.keywordMode === "filter" && keywords.length > 0;
    if (!subscriber || (filterOnly && forYouIds.length === 0)) {
      skipped.push(delivery.id);
      continue;
    }
    // The keywords are named only above a For you section.
    due.push({ delivery, email: subscriber.email, digest: { filterOnly, forYouIds, keywords: forYouIds.length > 0 ? keywords : [] } });
  }

  const mails = await renderDigests(due.map((d) => d.digest), content);
  const ready = due.map(({ delivery, email, digest }, index) => ({ ...delivery, email, forYouIds: digest.forYouIds, mail: mails[index] }));
  return { ready, skipped };
}

/** Each content's digest, rendered and MIME-encoded once per run while the cache keeps it; the papers of new contents are loaded in one query. */
async function renderDigests(digests: DigestContent[], content: RunContent): Promise<DigestTemplate[]> {
  // JSON, not a join: a keyword may itself hold the separator.
  const keys = digests.map((d) => JSON.stringify([d.filterOnly, d.forYouIds, d.keywords]));
  const mails = new Map<string, DigestTemplate>();
  const missing = new Map<string, DigestContent>();
  keys.forEach((key, index) => {
    if (mails.has(key) || missing.has(key)) return;
    const rendered = content.renders.get(key);
    if (rendered) mails.set(key, rendered);
    else missing.set(key, digests[index]);
  });
  if (missing.size > 0) {
    const papers = new Map((await loadPapers([...new Set([...missing.values()].flatMap((d) => d.forYouIds))])).map((p) => [p.id, p]));
    const asMail = (p: EditionPaper) => ({ id: p.id, title: p.title, authors: p.authors, abstract: p.abstract, votes: p.votes, url: paperUrl(content.baseUrl, p.id) });
    for (const [key, digest] of missing) {
      const mail = digestTemplate(await renderDailyDigest({
        date: content.date,
        papers: digest.filterOnly ? [] : content.edition.map(asMail),
        forYou: digest.forYouIds.flatMap((id) => papers.get(id) ?? []).map(asMail),
        keywords: digest.keywords,
        viewInBrowserUrl: `${content.baseUrl}/digest/${content.date}`,
      }));
      content.renders.set(key, mail);
      mails.set(key, mail);
    }
  }
  return keys.map((key) => mails.get(key)!);
}
