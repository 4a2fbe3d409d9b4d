// The bundle section: first-load JavaScript per page of the production build (bench/bundle.ts
// writes the rows).
import { escapeCell, formatCode, formatDate, formatNumber, markdownTable } from "../format";
import type { BaseRow } from "../rows";
import { blocks, provenance, type Section } from "../section";
import { evaluateTarget, type Measurement, type Target } from "../targets";

type PageBundle = { path?: string; scripts?: number; rawKB?: number; gzipKB?: number; legacyOnly?: { scripts?: number; gzipKB?: number }; htmlGzipKB?: number };
/** `floor`: a blank page of the same Next.js (rows from before it was measured have none). */
type BundleRow = BaseRow & { pages?: PageBundle[]; floor?: PageBundle };

const TARGET: Target = {
  benchmark: "bundle",
  what: "first-load JavaScript of `/`, gzip",
  limit: 90,
  bound: "<",
  unit: "kB",
  whenMissed:
    "the framework alone is above it: a blank App Router page of the same Next.js and React loads ~131 kB gzip (the floor row under [bundle](#bundle): React DOM ~70 kB and Next's client runtime), and Paperboy's own client code adds ~4-5 kB. Tried (bench/README.md, \"bundle\"): client components only where there is interaction; every page works without JavaScript; a webpack build (132 kB for the blank page). What meets it: `/` sent as HTML only.",
};

const home = (row: BundleRow) => row.pages?.find((page) => page.path === "/");

function measurements(rows: BundleRow[]): Measurement[] {
  return rows.flatMap((row) => {
    const gzip = home(row)?.gzipKB;
    return gzip === undefined ? [] : [{ value: gzip, date: row.date, code: row.code }];
  });
}

function latestTable(row: BundleRow): string {
  const pages = [...(row.pages ?? []).map((page) => ({ ...page, label: page.path ? `\`${escapeCell(page.path)}\`` : "—" })), ...(row.floor ? [{ ...row.floor, label: "blank Next.js page (the floor)" }] : [])];
  const lines = pages.map((page) => [page.label, ...[page.scripts, page.rawKB, page.gzipKB, page.legacyOnly?.gzipKB, page.htmlGzipKB].map(formatNumber)]);
  return markdownTable(["page", "scripts", "raw kB", "gzip kB", "noModule gzip kB (not counted)", "HTML gzip kB"], lines);
}

function historyTable(rows: BundleRow[]): string {
  const lines = rows.map((row) => [formatDate(row.date), formatCode(row.code), ...[home(row)?.scripts, home(row)?.rawKB, home(row)?.gzipKB, row.floor?.gzipKB].map(formatNumber)]);
  return markdownTable(["date (UTC)", "code", "`/` scripts", "`/` raw kB", "`/` gzip kB", "floor gzip kB"], lines);
}

/** `input`: the rows of bench/results/bundle.json, oldest first, read as BundleRow (every field optional). */
export function bundleSection(input: BaseRow[]): Section {
  const rows = input as BundleRow[];
  const latest = rows[rows.length - 1];
  const markdown = blocks(
    "First-load JavaScript of each page from the production build: every `<script src>` and script preload of its HTML, raw and gzipped (level 9), but the `noModule` ones (Next's polyfills, which browsers with ES modules never fetch; rows without a floor counted them). The floor is a blank page (one layout, one line of text) built by the same Next.js and React in the same run: what any App Router page loads. The trending list (`/`) is sent as HTML only, without scripts (lib/server/html-only-pages.ts); the HTML's own gzipped size, its inline RSC payload included where there is one, is in the last column (rows before it have none).",
    latest ? `Latest row: ${provenance(latest)}.` : "No rows yet: `npm run bench -- bundle` writes the first.",
    latest && latestTable(latest),
    latest && "### History",
    latest && historyTable(rows),
  );
  return { benchmark: "bundle", outcomes: [evaluateTarget(TARGET, measurements(rows))], markdown, plots: [] };
}
