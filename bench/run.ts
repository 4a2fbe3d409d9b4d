// `npm run bench -- <name> [options]`: runs one benchmark. Benchmarks are never
// part of `npm test`; they create (and drop) databases of their own.
const BENCHMARKS: Record<string, { summary: string; load: () => Promise<{ main: (argv: string[]) => Promise<void> }> }> = {
  search: { summary: "search latency: searchPapers() vs a plain ILIKE scan, demo and synthetic corpora", load: () => import("./search") },
  digest: { summary: "daily digest run throughput to a local SMTP sink vs a bare nodemailer floor", load: () => import("./digest") },
  ingest: { summary: "arXiv snapshot import (ingestLinesFile) vs psql \\copy of the same rows, synthetic snapshot", load: () => import("./ingest") },
  bundle: { summary: "first-load JavaScript (gzip) of /, /search and a paper page, from the production build", load: () => import("./bundle") },
  crash: { summary: "a digest day killed (SIGKILL) at 100 random points and resumed: crashes, duplicates, interrupted, missed", load: () => import("./crash") },
  pages: { summary: "req/s and latency of /, /search, a paper page and /api/search under autocannon (next start)", load: () => import("./pages") },
  soak: { summary: "50 connections for 5 min over pages and APIs while a digest and an ingest run: errors, p99, RSS", load: () => import("./soak") },
  corpus: { summary: "write a synthetic arXiv metadata snapshot file (for ingest benchmarks, `npm run ingest`)", load: () => import("./snapshot-corpus") },
};

const usage = `usage: npm run bench -- <name> [options]    (npm run bench -- <name> --help for its options)

benchmarks:
${Object.entries(BENCHMARKS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join("\n")}`;

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage);
    return;
  }
  const benchmark = BENCHMARKS[name];
  if (!benchmark) {
    console.error(`[bench] no benchmark named ${JSON.stringify(name)}\n\n${usage}`);
    process.exit(2);
  }
  await (await benchmark.load()).main(rest);
}

main().catch((error: unknown) => {
  // A wrong option is the user's to fix: one line. Anything else: the stack, to debug.
  const usageError = error instanceof Error && (error.name === "UsageError" || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS"));
  if (usageError) console.error(`[bench] ${error.message} (see --help)`);
  else console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(usageError ? 2 : 1);
});
