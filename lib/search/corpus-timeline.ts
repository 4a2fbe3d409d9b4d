import "server-only";
import { db } from "@/lib/db";
import type { CorpusTimeline } from "./windows";

// PostgreSQL's own statistics already describe how papers spread over time: the
// histogram of published_at is 100 equal-count buckets, kept current by ANALYZE
// (autovacuum, and every ingest run). Reading it costs one catalogue lookup, so it
// is fetched at most once a minute per process.
const FRESH_FOR_MS = 60_000;

let cached: { timeline: CorpusTimeline | null; at: number } | null = null;

/** Null until the papers table has been analysed (a new database): searches then use no date windows. */
export async function getCorpusTimeline(): Promise<CorpusTimeline | null> {
  const now = Date.now();
  if (cached && now - cached.at < FRESH_FOR_MS) return cached.timeline;
  const [row] = await db.$queryRaw<{ papers: number | null; bounds: Date[] | null }[]>`
    SELECT (SELECT reltuples::float8 FROM pg_class WHERE oid = 'papers'::regclass) AS papers,
           (SELECT histogram_bounds::text::timestamptz[] FROM pg_stats
            WHERE schemaname = current_schema() AND tablename = 'papers' AND attname = 'published_at') AS bounds`;
  const timeline = row.bounds && row.papers && row.papers > 0 ? { papers: row.papers, bounds: row.bounds } : null;
  cached = { timeline, at: now };
  return timeline;
}

/** For tests that load a corpus and analyse it within a minute. */
export function forgetCorpusTimeline(): void {
  cached = null;
}
