-- Search vocabulary, derived from the papers and refreshed after every import
-- (lib/search/vocabulary.ts). Materialized views: Prisma does not model them.
-- Tables are schema-qualified because PostgreSQL 17 (and PGlite) refresh
-- materialized views with search_path = pg_catalog, pg_temp.

-- Every distinct word of titles and abstracts, unstemmed and lower-case, with the
-- number of papers using it: the dictionary that "Did you mean" corrects against.
CREATE MATERIALIZED VIEW "search_words" AS
SELECT word, ndoc
FROM ts_stat($$SELECT to_tsvector('simple'::regconfig, title || ' ' || abstract) FROM public.papers$$)
WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z0-9-]*$';

CREATE UNIQUE INDEX "search_words_word_key" ON "search_words" ("word");
CREATE INDEX "search_words_word_trgm_idx" ON "search_words" USING GIN ("word" gin_trgm_ops);

-- Document frequency of each stemmed lexeme in the search index: the idf that
-- picks a paper's most distinctive terms for "Similar papers".
CREATE MATERIALIZED VIEW "search_lexemes" AS
SELECT word AS lexeme, ndoc
FROM ts_stat('SELECT search_vector FROM public.papers');

CREATE UNIQUE INDEX "search_lexemes_lexeme_key" ON "search_lexemes" ("lexeme");
