// `npm run bench -- bundle`: the JavaScript a first visit downloads, gzipped, for `/`,
// `/search?q=…` and a paper page, measured the way a browser meets it: the production
// app (`npm start`, embedded database, demo data) serves the page, and every
// `<script src>` and script preload of its HTML is fetched and gzipped. Target: under 90 kB
// on `/`. The HTML's own gzipped size is reported beside it.
// `noModule` scripts (Next's polyfills) are counted apart: browsers with ES modules, every
// current one, never fetch them. In the same run, the floor: what a blank page of the same
// Next.js loads (bench/blank-next-app.ts).
import os from "node:os";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { startAppServer } from "./app-server";
import { startBlankNextApp } from "./blank-next-app";
import { appendResult, codeVersion, describeMachine, usageError } from "./common";

export const usage = `npm run bench -- bundle [options]

Builds the app if needed, starts it on an embedded demo database, and reports the
gzipped first-load JavaScript of /, /search?q=diffusion and a paper page; then builds a
blank Next.js app (one page, same Next.js and React) in the temp dir and reports its
page's, the floor any App Router page starts from. Scripts marked noModule (polyfills only
browsers without ES modules fetch) are reported apart, not in the total.

options:
  --port N     port for the app (default 3190; the blank app gets N+1)
  --no-save    do not append the figures to bench/results/bundle.json`;

const TARGET_HOME_KB = 90;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** One page's scripts: what a current browser fetches, and apart, the noModule ones it skips. */
/** `htmlGzipKB`: the page's own HTML, gzipped as the scripts are (its inline RSC payload included). */
type PageBundle = { path: string; scripts: number; rawKB: number; gzipKB: number; legacyOnly: { scripts: number; gzipKB: number }; htmlGzipKB: number };

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
    const blank = await startBlankNextApp(port + 1, log);
    const floor = await measure(blank.origin, "/").finally(blank.stop);
    printTable([...pages, { ...floor, path: "blank Next.js page (the floor)" }]);
    const home0 = pages[0]!;
    log(`/ loads ${home0.gzipKB.toFixed(1)} kB of JS gzipped: ${home0.gzipKB <= TARGET_HOME_KB ? "within" : "over"} the ${TARGET_HOME_KB} kB target (${((home0.gzipKB / TARGET_HOME_KB) * 100).toFixed(0)}%)`);
    // `/` is HTML only (lib/server/html-only-pages.ts): the app's own share shows on a page that hydrates.
    const search = pages[1]!;
    log(`a blank page of the same Next.js loads ${floor.gzipKB.toFixed(1)} kB: ${(search.gzipKB - floor.gzipKB).toFixed(1)} kB of ${search.path}'s is the app's own`);
    if (values.save && !values["no-save"]) {
      const file = await appendResult("bundle", { date: new Date().toISOString(), machine: describeMachine(loadavgStart), code: codeVersion(["app", "components", "lib", "package-lock.json"]), targetHomeKB: TARGET_HOME_KB, pages, floor });
      log(`appended the figures to ${file}`);
    }
  } finally {
    await stop();
  }
}

async function measure(origin: string, page: string): Promise<PageBundle> {
  const html = await fetchText(`${origin}${page}`);
  // Every script the page loads by itself, and every one it preloads (a browser fetches those
  // too); inline scripts (the RSC payload) are data, not code: they count in the HTML's size.
  const preloads = [...html.matchAll(/<link\b[^>]*>/g)].flatMap(([tag]) => (/\bas="script"|\brel="modulepreload"/.test(tag) ? [[/\shref="([^"]+)"/.exec(tag)?.[1], false] as const] : []));
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => [/\ssrc="([^"]+)"/.exec(tag)?.[1], /\snomodule\b/i.test(tag)] as const);
  const tags = new Map([...preloads, ...scripts].flatMap(([src, noModule]) => (src ? [[src.replaceAll("&amp;", "&"), noModule] as const] : [])));
  const loaded = { scripts: 0, raw: 0, gzip: 0 };
  const legacyOnly = { scripts: 0, gzip: 0 };
  for (const [src, noModule] of tags) {
    const body = Buffer.from(await (await fetch(new URL(src, origin))).arrayBuffer());
    const gzip = gzipSync(body, { level: 9 }).length;
    if (noModule) {
      legacyOnly.scripts += 1;
      legacyOnly.gzip += gzip;
      continue;
    }
    loaded.scripts += 1;
    loaded.raw += body.length;
    loaded.gzip += gzip;
  }
  const htmlGzipKB = gzipSync(html, { level: 9 }).length / 1024;
  return { path: page, scripts: loaded.scripts, rawKB: loaded.raw / 1024, gzipKB: loaded.gzip / 1024, legacyOnly: { scripts: legacyOnly.scripts, gzipKB: legacyOnly.gzip / 1024 }, htmlGzipKB };
}

function printTable(pages: PageBundle[]): void {
  const rows = pages.map((p) => [p.path, String(p.scripts), p.rawKB.toFixed(1), p.gzipKB.toFixed(1), `${p.legacyOnly.scripts} (${p.legacyOnly.gzipKB.toFixed(1)} kB)`, p.htmlGzipKB.toFixed(1)]);
  const header = ["page", "scripts", "raw kB", "gzip kB", "noModule, not counted", "HTML gzip kB"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n"));
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}
