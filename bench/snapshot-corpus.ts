// A deterministic synthetic arXiv metadata snapshot: N lines in the exact format of
// Kaggle's arxiv-metadata-oai-snapshot.json (one JSON object per line, keys in its
// order, titles and abstracts wrapped as arXiv wraps them), for benchmarking the
// snapshot import. `npm run bench -- corpus` writes one; bench/ingest.ts reuses it.
//
//   ids        new-style YYMM.NNNNN, numbered in submission order within each month,
//              so the file is sorted by id like the real one;
//   dates      v1 spread over 5 fixed years (2021–2025) with ~25% more papers each
//              year, 1–3 versions, update_date the last version's (or a later
//              metadata change);
//   text       bench/corpus-text.ts: demo sentences and titles recombined, plus a
//              Zipf tail of invented terms so the vocabulary grows with the corpus;
//   authors    bench/snapshot-authors.ts: 1–12 from a shared pool, TeX accents;
//   categories 1–3 from a weighted list of ML-adjacent ones, primary first;
//   comments   ~70% have one, ~20% of all papers link a GitHub repository.
//
// The same (papers, seed) gives the same bytes on every machine: nothing depends on
// the clock. Lines are streamed to the file with backpressure, never held in memory.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readDemoDumps } from "@/lib/ingest/demo/load-demo";
import { seededRandom } from "@/lib/ingest/demo/seeded-random";
import { createProgressBar } from "@/scripts/progress-bar";
import { buildModel, createTextGenerator, type TextModel } from "./corpus-text";
import { authorsParsed, authorsString, createAuthorSampler, displayName } from "./snapshot-authors";

export const SNAPSHOT_SEED = 20_250_101;
/** Part of the cached file's name: bump it whenever the generator's output changes. */
export const SNAPSHOT_FORMAT = 1;
export const BENCH_DIR = path.join(os.tmpdir(), "paperboy-bench");

const SPAN_START_MS = Date.UTC(2021, 0, 1);
const SPAN_YEARS = 5;
const YEAR_MS = 365.25 * 86_400_000;
const GROWTH_PER_YEAR = Math.log(1.25);
/** Share of abstract and title word swaps that draw from the invented Zipf tail. */
const RARE_WORD_SHARE = 0.04;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const CATEGORY_WEIGHTS: [string, number][] = [
  ["cs.LG", 30], ["cs.CV", 18], ["cs.CL", 16], ["cs.AI", 12], ["stat.ML", 8], ["cs.RO", 4], ["eess.IV", 3],
  ["math.OC", 3], ["cs.CR", 2], ["cs.IR", 2], ["cs.NE", 2], ["eess.AS", 1.5], ["cs.SD", 1.5], ["eess.SP", 1.5],
  ["cs.HC", 1], ["cs.MA", 1], ["cs.DC", 1], ["cs.SE", 1], ["cs.GR", 1], ["math.ST", 0.5], ["q-bio.NC", 0.5],
  ["physics.comp-ph", 0.5],
];
const LICENSES: [string | null, number][] = [
  ["http://arxiv.org/licenses/nonexclusive-distrib/1.0/", 55], ["http://creativecommons.org/licenses/by/4.0/", 25],
  [null, 10], ["http://creativecommons.org/licenses/by-nc-sa/4.0/", 5], ["http://creativecommons.org/licenses/by-sa/4.0/", 3],
  ["http://creativecommons.org/publicdomain/zero/1.0/", 2],
];
const VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "AAAI", "IJCAI", "ICRA", "IROS", "KDD", "SIGIR", "WACV", "Interspeech"];
const JOURNALS = ["IEEE Trans. Pattern Anal. Mach. Intell.", "J. Mach. Learn. Res.", "Neural Networks", "Pattern Recognition", "IEEE Robot. Autom. Lett.", "Trans. Mach. Learn. Res."];
const LABS = ["facebookresearch", "google-research", "microsoft", "openai", "huggingface", "nvlabs", "thu-ml", "OpenGVLab", "salesforce", "allenai"];

/** One line of the snapshot, keys in the file's order. */
export type SnapshotEntry = {
  id: string;
  submitter: string;
  authors: string;
  title: string;
  comments: string | null;
  "journal-ref": string | null;
  doi: string | null;
  "report-no": string | null;
  categories: string;
  license: string | null;
  abstract: string;
  versions: { version: string; created: string }[];
  update_date: string;
  authors_parsed: string[][];
};

/** "Mon, 2 Apr 2007 19:18:42 GMT", as arXiv dates versions (day not zero-padded). */
function rfc2822(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** Breaks `text` into lines of at most `width` characters, as arXiv's metadata is wrapped. */
function wrap(text: string, width: number, separator: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(separator);
}

function weightedPicker<T>(random: () => number, entries: [T, number][]) {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return (): T => {
    let left = random() * total;
    for (const [value, weight] of entries) if ((left -= weight) < 0) return value;
    return entries[entries.length - 1][0];
  };
}

/** A lower-case slug a GitHub owner or repository could have ("lumaformer"). */
const slug = (text: string) => text.normalize("NFD").replace(/[^A-Za-z0-9-]+/g, "").toLowerCase() || "code";

/** Yields the snapshot's lines in file order; the same (papers, seed) gives the same lines. */
export function* generateSnapshotEntries(model: TextModel, papers: number, seed: number): Generator<SnapshotEntry> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const text = createTextGenerator(model, random, { rareWordShare: RARE_WORD_SHARE });
  // Four pool slots a paper: with ~5 authors a paper (and common names shared by several
  // slots), about as many distinct names as papers, ~40% of them on one paper only.
  const drawAuthors = createAuthorSampler(random, Math.max(1_000, 4 * papers), seed);
  const category = weightedPicker(random, CATEGORY_WEIGHTS);
  const license = weightedPicker(random, LICENSES);
  const endMs = SPAN_START_MS + SPAN_YEARS * YEAR_MS;
  const growth = Math.expm1(GROWTH_PER_YEAR * SPAN_YEARS);
  let month = "";
  let numberInMonth = 0;

  for (let index = 0; index < papers; index += 1) {
    // Inverse of the exponential-growth CDF at an increasing quantile: dates ascend with
    // the index, so ids are numbered in submission order within each month.
    const quantile = (index + random()) / papers;
    const v1 = SPAN_START_MS + (Math.log1p(quantile * growth) / GROWTH_PER_YEAR) * YEAR_MS;
    const v1Date = new Date(v1);
    const yymm = `${String(v1Date.getUTCFullYear() % 100).padStart(2, "0")}${String(v1Date.getUTCMonth() + 1).padStart(2, "0")}`;
    if (yymm !== month) [month, numberInMonth] = [yymm, 0];
    numberInMonth += 1;
    if (numberInMonth > 99_999) throw new Error(`more than 99,999 papers in month ${yymm}: ${papers.toLocaleString("en")} papers do not fit 5 years of new-style ids`);
    const id = `${yymm}.${String(numberInMonth).padStart(5, "0")}`;

    const versionCount = random() < 0.62 ? 1 : random() < 0.7 ? 2 : 3;
    const created = [v1];
    while (created.length < versionCount) {
      // Revisions come days to months later (camera-ready versions); none after the span.
      const next = created[created.length - 1] + (1 + -40 * Math.log(1 - random())) * 86_400_000;
      if (next >= endMs) break;
      created.push(Math.floor(next));
    }
    // A DOI or journal reference added later moves update_date without a new version.
    const updated = random() < 0.15 ? Math.min(endMs - 1, created[created.length - 1] + between(1, 400) * 86_400_000) : created[created.length - 1];

    const name = random() < 0.45 ? text.methodName() : null;
    const title = text.title(name);
    const abstract = text.abstract(name);
    const draw = drawAuthors();
    const categories: string[] = [];
    for (let n = random() < 0.35 ? 1 : random() < 0.62 ? 2 : 3, tries = 0; categories.length < n && tries < 10; tries += 1) {
      const next = category();
      if (!categories.includes(next)) categories.push(next);
    }

    const year = v1Date.getUTCFullYear() + (random() < 0.3 ? 1 : 0);
    const pages = between(4, 40);
    const figures = between(1, 15);
    const venue = `${pick(VENUES)} ${year}`;
    const owner = random() < 0.3 ? pick(LABS) : slug(draw.authors[0].parsed[0]);
    const repo = slug(name ?? `${text.titleWord()}-${text.titleWord()}`);
    const github = `https://github.com/${owner}/${repo}`;
    const roll = random();
    const comments =
      roll < 0.2
        ? pick([
            `${pages} pages, ${figures} figures. Code: ${github}`,
            `Accepted at ${venue}. Code is available at ${github}`,
            `Code and models: ${github}.`,
            `${pages} pages; project page: https://${owner}.github.io/${repo}; code at ${github}`,
          ])
        : roll < 0.7
          ? pick([
              `${pages} pages, ${figures} figures`,
              `Accepted to ${venue}`,
              `${pages} pages, ${figures} figures, ${between(1, 8)} tables; to appear in ${venue}`,
              "Preprint. Under review",
              `Extended version of the ${venue} paper`,
              "Technical report",
            ])
          : null;

    const submitter = displayName(random() < 0.85 ? draw.authors[0] : pick(draw.authors));
    yield {
      id,
      submitter,
      authors: authorsString(draw),
      title: wrap(title, 72, "\n  "),
      comments,
      "journal-ref": random() < 0.08 ? `${pick(JOURNALS)} ${between(1, 48)} (${year}) ${between(1, 999)}-${between(1000, 1999)}` : null,
      doi: random() < 0.12 ? `10.${pick(["1109", "1016", "1145", "1007"])}/${slug(pick(VENUES))}.${year}.${between(10_000, 99_999)}` : null,
      "report-no": random() < 0.01 ? `TR-${year}-${between(1, 99)}` : null,
      categories: categories.join(" "),
      license: license(),
      abstract: `  ${wrap(abstract, 80, "\n")}\n`,
      versions: created.map((ms, i) => ({ version: `v${i + 1}`, created: rfc2822(ms) })),
      update_date: new Date(updated).toISOString().slice(0, 10),
      authors_parsed: authorsParsed(draw, random() >= 0.1),
    };
  }
}

export type CorpusProgress = { written: number; total: number; bytes: number };

/**
 * Writes `papers` snapshot lines to `file`: first to `file.partial`, renamed when
 * complete, so a file at `file` is always whole (an interrupted run leaves no file
 * that looks reusable).
 */
export async function writeSnapshotCorpus(options: {
  papers: number;
  seed: number;
  file: string;
  onProgress?: (progress: CorpusProgress) => void;
}): Promise<{ papers: number; bytes: number; ms: number }> {
  const started = performance.now();
  const model = buildModel((await readDemoDumps()).flat());
  await mkdir(path.dirname(path.resolve(options.file)), { recursive: true });
  const partial = `${options.file}.partial`;
  const out = createWriteStream(partial);
  let bytes = 0;
  let written = 0;
  try {
    let chunk = "";
    for (const entry of generateSnapshotEntries(model, options.papers, options.seed)) {
      chunk += `${JSON.stringify(entry)}\n`;
      written += 1;
      // Strings of ~1 MB: few write calls, and the stream's buffer bounds the memory.
      if (chunk.length >= 1 << 20 || written === options.papers) {
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await once(out, "drain");
        chunk = "";
        options.onProgress?.({ written, total: options.papers, bytes });
      }
    }
    out.end();
    await once(out, "finish");
    await rename(partial, options.file);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { papers: written, bytes, ms: performance.now() - started };
}

/** Where the benchmarks keep the corpus of a given size and seed (reused across runs). */
export function snapshotCorpusFile(papers: number, seed: number, dir = BENCH_DIR): string {
  return path.join(dir, `arxiv-snapshot-${papers}-seed${seed}-f${SNAPSHOT_FORMAT}.jsonl`);
}

/** The corpus file for (papers, seed), written first if no complete one exists. */
export async function ensureSnapshotCorpus(papers: number, seed: number, log: (line: string) => void): Promise<{ file: string; bytes: number; generatedMs: number | null }> {
  const file = snapshotCorpusFile(papers, seed);
  const existing = await stat(file).catch(() => null);
  if (existing) {
    log(`reusing ${file} (${(existing.size / 1e6).toFixed(0)} MB)`);
    return { file, bytes: existing.size, generatedMs: null };
  }
  const result = await writeWithProgressBar(papers, seed, file);
  log(`wrote ${file}: ${papers.toLocaleString("en")} lines, ${(result.bytes / 1e6).toFixed(0)} MB in ${(result.ms / 1000).toFixed(1)} s`);
  return { file, bytes: result.bytes, generatedMs: result.ms };
}

function writeWithProgressBar(papers: number, seed: number, file: string) {
  const bar = createProgressBar("corpus");
  const started = performance.now();
  return writeSnapshotCorpus({
    papers,
    seed,
    file,
    onProgress: ({ written, total, bytes }) => {
      const rate = written / Math.max((performance.now() - started) / 1000, 0.001);
      bar.update(written, total, `${written.toLocaleString("en")} papers  ${(bytes / 1e6).toFixed(0)} MB  ${Math.round(rate).toLocaleString("en")} papers/s`);
    },
  }).finally(() => bar.finish());
}

// ---------------------------------------------------------------- `npm run bench -- corpus`

export const usage = `npm run bench -- corpus [options]

Writes a synthetic arXiv metadata snapshot (Kaggle's arxiv-metadata-oai-snapshot
format, one JSON object per line) for benchmarking imports, e.g.
  npm run ingest -- arxiv-snapshot <file>

Options:
  --papers N    lines to write (default 100000)
  --out FILE    where (default ${snapshotCorpusFile(100_000, SNAPSHOT_SEED).replace("100000", "<N>")},
                which \`npm run bench -- ingest\` reuses)
  --seed S      generator seed (default ${SNAPSHOT_SEED}); same N and seed, same bytes
  -h, --help    this text`;

function usageError(message: string): Error {
  const error = new Error(message);
  error.name = "UsageError";
  return error;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      papers: { type: "string", default: "100000" },
      out: { type: "string" },
      seed: { type: "string", default: String(SNAPSHOT_SEED) },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const papers = Number(values.papers.replace(/_/g, ""));
  if (!Number.isInteger(papers) || papers < 1) throw usageError(`--papers must be a whole number ≥ 1 (got ${JSON.stringify(values.papers)})`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw usageError(`--seed must be a whole number ≥ 0 (got ${JSON.stringify(values.seed)})`);
  const file = values.out ?? snapshotCorpusFile(papers, seed);
  const result = await writeWithProgressBar(papers, seed, file);
  console.log(`[corpus] wrote ${file}: ${papers.toLocaleString("en")} lines, ${(result.bytes / 1e6).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s (seed ${seed})`);
}
