-- Ingestion: arXiv metadata on papers, source observations (Hugging Face upvotes and
-- GitHub stars over time), ingest runs and resumable checkpoints.

-- Two different arXiv papers may share a title ("Attention Is All You Need" has
-- namesakes): the arXiv id is the identity, the normalised title only merges papers
-- that have no id (lib/ingest/write/merge-batch.ts). So title_key stops being unique.
DROP INDEX "papers_title_key_key";
CREATE INDEX "papers_title_key_idx" ON "papers"("title_key");

-- AlterTable
ALTER TABLE "papers"
    ADD COLUMN "arxiv_version" INTEGER,
    ADD COLUMN "categories" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "comment" TEXT,
    ADD COLUMN "source_updated_at" TIMESTAMPTZ(3);

-- ?category=cs.LG filters with categories @> ARRAY['cs.LG'].
CREATE INDEX "papers_categories_idx" ON "papers" USING GIN ("categories");

-- CreateTable
CREATE TABLE "paper_observations" (
    "id" BIGSERIAL NOT NULL,
    "paper_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "upvotes" INTEGER,
    "github_stars" INTEGER,
    "comments" INTEGER,
    "featured_at" TIMESTAMPTZ(3),

    CONSTRAINT "paper_observations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_runs" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "read" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "issues" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,

    CONSTRAINT "ingest_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_checkpoints" (
    "key" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_checkpoints_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "paper_observations_paper_id_observed_at_idx" ON "paper_observations"("paper_id", "observed_at");

-- CreateIndex
CREATE INDEX "ingest_runs_started_at_idx" ON "ingest_runs"("started_at");

-- AddForeignKey
ALTER TABLE "paper_observations" ADD CONSTRAINT "paper_observations_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
