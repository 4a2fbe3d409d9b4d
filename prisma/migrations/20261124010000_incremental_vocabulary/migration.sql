-- The search vocabulary becomes two tables kept current by every ingest batch
-- (lib/search/vocabulary.ts: the batch's words are added, a changed paper's old words
-- taken away) instead of materialized views recomputed from every paper after each
-- import: a full refresh costs ~30 s per 100k papers, a batch's delta a fraction of it.

DROP MATERIALIZED VIEW "search_words";
DROP MATERIALIZED VIEW "search_lexemes";

-- Every distinct word of titles and abstracts, unstemmed and lower-case, with the
-- number of papers using it: the dictionary that "Did you mean" corrects against.
CREATE TABLE "search_words" (
    "word" TEXT NOT NULL,
    "ndoc" INTEGER NOT NULL,

    CONSTRAINT "search_words_pkey" PRIMARY KEY ("word")
);
CREATE INDEX "search_words_word_trgm_idx" ON "search_words" USING GIN ("word" gin_trgm_ops);

-- Every stemmed lexeme of the search vectors with its document frequency: the idf of
-- similar papers (lib/papers/similar.ts).
CREATE TABLE "search_lexemes" (
    "lexeme" TEXT NOT NULL,
    "ndoc" INTEGER NOT NULL,

    CONSTRAINT "search_lexemes_pkey" PRIMARY KEY ("lexeme")
);

INSERT INTO "search_words" ("word", "ndoc")
SELECT word, ndoc
FROM ts_stat($$SELECT to_tsvector('simple'::regconfig, title || ' ' || abstract) FROM public.papers$$)
WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z0-9-]*$';

INSERT INTO "search_lexemes" ("lexeme", "ndoc")
SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM public.papers');
