// BENCHMARKS.md and its plots from the result rows: pure (no file system), so tests can
// feed it rows and the same rows always give the same bytes.
import { intro } from "./intro";
import type { BaseRow } from "./rows";
import { blocks, type Plot, type Section } from "./section";
import { bundleSection } from "./benchmarks/bundle";
import { digestSection } from "./benchmarks/digest";
import { ingestSection } from "./benchmarks/ingest";
import { pagesSection } from "./benchmarks/pages";
import { searchSection } from "./benchmarks/search";
import { missedNotes, targetsTable } from "./targets";

/** In the order of the Scale issue's targets; a benchmark without rows yet still gets its section and targets. */
const SECTIONS: Record<string, (rows: BaseRow[]) => Section> = {
  search: searchSection,
  pages: pagesSection,
  digest: digestSection,
  ingest: ingestSection,
  bundle: bundleSection,
};

/** A results file no section knows: listed, so a new benchmark's rows do not go unnoticed. */
function unknownSection(benchmark: string, rows: BaseRow[]): Section {
  return { benchmark, outcomes: [], plots: [], markdown: `${rows.length} row${rows.length === 1 ? "" : "s"} in \`bench/results/${benchmark}.json\`; bench/report/ has no section for this benchmark yet.` };
}

export function buildReport(results: Map<string, BaseRow[]>): { markdown: string; plots: Plot[] } {
  const known = Object.keys(SECTIONS);
  const unknown = [...results.keys()].filter((name) => !(name in SECTIONS)).sort();
  const sections = [
    ...known.map((name) => SECTIONS[name](results.get(name) ?? [])),
    ...unknown.map((name) => unknownSection(name, results.get(name) ?? [])),
  ];
  const outcomes = sections.flatMap((section) => section.outcomes);
  const markdown = blocks(
    intro(results, [...known, ...unknown]),
    "## Targets",
    "The targets of the Scale issue, each against the latest figure at the size it names. A figure measured at a smaller size is quoted, not judged: how a cost grows with size is what the targets are about.",
    targetsTable(outcomes),
    missedNotes(outcomes),
    ...sections.map((section) => blocks(`## ${section.benchmark}`, section.markdown)),
  );
  return { markdown: `${markdown}\n`, plots: sections.flatMap((section) => section.plots) };
}
