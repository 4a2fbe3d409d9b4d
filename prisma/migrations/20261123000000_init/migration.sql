-- Foundation: papers, ordered authors, votes; full-text search and trigram support.

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "papers" (
    "id" TEXT NOT NULL,
    "arxiv_id" TEXT,
    "title" TEXT NOT NULL,
    "title_key" TEXT NOT NULL,
    "abstract" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "links" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    -- Title outranks abstract: weight A for the title, B for the abstract.
    -- Generated and stored, so it can never drift from the text it indexes.
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce("abstract", '')), 'B')
    ) STORED,

    CONSTRAINT "papers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authors" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "authors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "paper_authors" (
    "paper_id" TEXT NOT NULL,
    "author_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "paper_authors_pkey" PRIMARY KEY ("paper_id","position")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" BIGSERIAL NOT NULL,
    "paper_id" TEXT NOT NULL,
    "voter_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "papers_arxiv_id_key" ON "papers"("arxiv_id");

-- CreateIndex
CREATE UNIQUE INDEX "papers_title_key_key" ON "papers"("title_key");

-- CreateIndex
CREATE INDEX "papers_published_at_idx" ON "papers"("published_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "authors_name_key" ON "authors"("name");

-- CreateIndex
CREATE INDEX "paper_authors_author_id_idx" ON "paper_authors"("author_id");

-- CreateIndex
CREATE INDEX "votes_created_at_idx" ON "votes"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "votes_paper_id_voter_id_key" ON "votes"("paper_id", "voter_id");

-- AddForeignKey
ALTER TABLE "paper_authors" ADD CONSTRAINT "paper_authors_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "paper_authors" ADD CONSTRAINT "paper_authors_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_paper_id_fkey" FOREIGN KEY ("paper_id") REFERENCES "papers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in schema.prisma: the indexes that make search fast.
-- GIN over the stored tsvector serves full-text queries (@@ websearch_to_tsquery).
CREATE INDEX "papers_search_vector_idx" ON "papers" USING GIN ("search_vector");

-- Trigram index on titles: fuzzy title lookups and typo-tolerant suggestions.
CREATE INDEX "papers_title_trgm_idx" ON "papers" USING GIN ("title" gin_trgm_ops);
