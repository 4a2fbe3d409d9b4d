-- "Did you mean" reads the vocabulary's trigram index (lib/search/suggest.ts). A GIN
-- index first collects new entries in an unsorted pending list (fastupdate), and
-- every lookup reads that list whole: after a vocabulary rebuild, up to 4 MB of it.
-- That made a suggestion take 8 ms at 1M papers instead of 1 ms, and at 3M the
-- planner, pricing the list in, scanned all 83k words instead (94 ms against 2.6).
-- The vocabulary changes only by the new words of each ingest batch, so its index is
-- written directly; the list it has now is moved into the index.
ALTER INDEX "search_words_word_trgm_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('search_words_word_trgm_idx'::regclass);
