-- Keep each paper's search vector in its row instead of the TOAST table.
--
-- A search reads the vector of every candidate it ranks (lib/search/windows.ts):
-- stored out of line (the default for a ~1.8 KB value in a ~3.3 KB row) that is a
-- TOAST index lookup and one or two more page reads per candidate, which made the
-- vector the largest part of a search's cost at 1M papers. MAIN compresses it in
-- place and moves the abstract out of line first; only the 20 shown abstracts are
-- read (for snippets). Applies to rows written from now on; `VACUUM FULL papers`
-- (or CLUSTER) rewrites existing rows.
ALTER TABLE "papers" ALTER COLUMN "search_vector" SET STORAGE MAIN;
