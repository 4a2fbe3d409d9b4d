// `npm run bench -- bundle`: the JavaScript a first visit downloads, gzipped, for `/`,
// `/search?q=…` and a paper page, measured the way a browser meets it: the production
// app (`npm start`, embedded database, demo data) serves the page, and every
// `<script src>` of its HTML is fetched and gzipped. Target: under 90 kB on `/`.
import os from "node:os";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { startAppServer } from "./app-server";
import { appendResult, codeVersion, describeMachine, usageError } from "./common";

export const usage = `npm run bench -- bundle [options]

Builds the app if needed, starts it on an embedded demo database, and reports the
gzipped first-load JavaScript of /, /search?q=diffusion and a paper page.

options:
  --port N     port for the app (default 3190)
  --no-save    do not append the figures to bench/results/bundle.json`;

const TARGET_HOME_KB = 90;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type PageBundle = { path: string; scripts: number; rawKB: number; gzipKB: number };

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { port: { type: "string", default: "3190" }, save: { type: "boolean", default: true }, "no-save": { type: "boolean" }, help: { type: "boolean" } } });
  if (values.help) return void console.log(usage);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError("--port must be a port number");
  const loadavgStart = os.loadavg();
  const { origin, stop } = await startAppServer({ port, databaseUrl: "", demoData: true, log });
  try {
    const home = await fetchText(`${origin}/`);
    const paperPath = /href="(\/papers\/[0-9a-f]{12})"/.exec(home)?.[1];
    if (!paperPath) throw new Error("no paper link on the home page");
    const pages: PageBundle[] = [];
    for (const page of ["/", "/search?q=diffusion", paperPath]) pages.push(await measure(origin, page));
    printTable(pages);
    const home0 = pages[0]!;
    log(`/ loads ${home0.gzipKB.toFixed(1)} kB of JS gzipped: ${home0.gzipKB <= TARGET_HOME_KB ? "within" : "over"} the ${TARGET_HOME_KB} kB target (${((home0.gzipKB / TARGET_HOME_KB) * 100).toFixed(0)}%)`);
    if (values.save && !values["no-save"]) {
      const file = await appendResult("bundle", { date: new Date().toISOString(), machine: describeMachine(loadavgStart), code: codeVersion(["app", "components", "lib", "package-lock.json"]), targetHomeKB: TARGET_HOME_KB, pages });
      log(`appended the figures to ${file}`);
    }
  } finally {
    await stop();
  }
}

async function measure(origin: string, page: string): Promise<PageBundle> {
  const html = await fetchText(`${origin}${page}`);
  // Every script the page loads by itself; inline scripts (the RSC payload) are data, not code.
  const sources = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&")))];
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, origin))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { path: page, scripts: sources.length, rawKB: raw / 1024, gzipKB: gzip / 1024 };
}

function printTable(pages: PageBundle[]): void {
  const rows = pages.map((p) => [p.path, String(p.scripts), p.rawKB.toFixed(1), p.gzipKB.toFixed(1)]);
  const header = ["page", "scripts", "raw kB", "gzip kB"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n"));
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}
