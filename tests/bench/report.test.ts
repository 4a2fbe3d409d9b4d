// bench/report: the pure parts of `npm run bench:report`, fed small hand-written rows.
import { describe, expect, it } from "vitest";
import { buildReport } from "@/bench/report/build";
import { escapeCell, formatCode, formatCount, formatNumber, markdownTable } from "@/bench/report/format";
import { byDate, type BaseRow } from "@/bench/report/rows";
import { renderLineChart, type LineChart } from "@/bench/report/svg/line-chart";
import { chooseScaleKind, linearScale, logScale, niceStep } from "@/bench/report/svg/scale";
import { evaluateTarget, isAtSize, type Target } from "@/bench/report/targets";

describe("figures", () => {
  it("keep about 3 significant digits, group thousands, and drop noise zeros", () => {
    expect(formatNumber(1471.96)).toBe("1,472");
    expect(formatNumber(1_000_513)).toBe("1,000,513");
    expect(formatNumber(308.05)).toBe("308");
    expect(formatNumber(30.04)).toBe("30");
    expect(formatNumber(9.61)).toBe("9.6");
    expect(formatNumber(0.254)).toBe("0.25");
    expect(formatNumber(-0.001)).toBe("0");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
  });

  it("write sizes in two significant digits, crossing into the next unit when rounding reaches it", () => {
    expect(formatCount(513)).toBe("513");
    expect(formatCount(1500)).toBe("1.5k");
    expect(formatCount(100_513)).toBe("100k");
    expect(formatCount(1_000_513)).toBe("1M");
    expect(formatCount(999_999)).toBe("1M");
    expect(formatCount(999.6)).toBe("1k");
    expect(formatCount(3_000_000)).toBe("3M");
  });

  it("name the code measured, with uncommitted files, or say nothing was recorded", () => {
    expect(formatCode({ commit: "e90cd6f71425", uncommitted: [] })).toBe("`e90cd6f`");
    expect(formatCode({ commit: "a1518b3fd62d", uncommitted: ["lib/a.ts", "lib/b.ts"] })).toBe("`a1518b3` + 2 uncommitted files");
    expect(formatCode(undefined)).toBe("—");
  });
});

describe("markdown tables", () => {
  it("right-align columns of figures only, and keep cells in header order", () => {
    const table = markdownTable(
      ["kind", "p95 ms", "runs", "note"],
      [
        ["common term", "1,472", "30 / 10", "—"],
        ["rare term", "—", "30 / —", "slow"],
      ],
    );
    expect(table).toBe(["| kind | p95 ms | runs | note |", "| --- | ---: | ---: | --- |", "| common term | 1,472 | 30 / 10 | — |", "| rare term | — | 30 / — | slow |"].join("\n"));
  });

  it("escape what would break a row", () => {
    expect(escapeCell("a|b\nc")).toBe("a\\|b c");
  });
});

describe("targets", () => {
  const latency: Target = { benchmark: "search", what: "p95", limit: 20, bound: "<", unit: "ms", atSize: 1_000_000 };
  const throughput: Target = { benchmark: "pages", what: "req/s", limit: 1000, bound: "≥", unit: "req/s" };
  const withinFloor: Target = { benchmark: "digest", what: "floor ÷ digest", limit: 3, bound: "≤", unit: "×" };

  it("count a corpus within 10% of the size a target names as that size", () => {
    expect(isAtSize(1_000_513, 1_000_000)).toBe(true);
    expect(isAtSize(900_000, 1_000_000)).toBe(true);
    expect(isAtSize(1_100_000, 1_000_000)).toBe(true);
    expect(isAtSize(1_200_000, 1_000_000)).toBe(false);
    expect(isAtSize(100_513, 1_000_000)).toBe(false);
    expect(isAtSize(undefined, 1_000_000)).toBe(false);
  });

  it("say met, or missed by how much and by what factor, in the target's direction", () => {
    expect(evaluateTarget(latency, [{ value: 19.9, size: 1_000_513 }])).toMatchObject({ met: true, status: "met" });
    // "< 20 ms" is strict: exactly 20 misses.
    expect(evaluateTarget(latency, [{ value: 20, size: 1_000_513 }]).met).toBe(false);
    expect(evaluateTarget(latency, [{ value: 30, size: 1_000_513 }]).status).toBe("missed by 10 ms (1.5×)");
    expect(evaluateTarget(throughput, [{ value: 400 }]).status).toBe("missed by 600 req/s (2.5×)");
    expect(evaluateTarget(throughput, [{ value: 1000 }]).status).toBe("met");
    expect(evaluateTarget(throughput, [{ value: 0 }]).status).toBe("missed (0 req/s)");
    // "within 3×" includes 3; a ratio misses by a factor only.
    expect(evaluateTarget(withinFloor, [{ value: 3 }]).status).toBe("met");
    expect(evaluateTarget(withinFloor, [{ value: 6 }]).status).toBe("missed by 2×");
  });

  it("judge the latest figure at the target's size, not an older one nor a smaller size", () => {
    const outcome = evaluateTarget(latency, [
      { value: 40, size: 1_000_513, date: "2026-01-02T00:00:00Z" },
      { value: 5, size: 100_513, date: "2026-01-03T00:00:00Z" },
      { value: 15, size: 1_000_000, date: "2026-01-01T00:00:00Z" },
    ]);
    expect(outcome.measurement?.value).toBe(40);
    expect(outcome.status).toBe("missed by 20 ms (2×)");
  });

  it("quote the largest size measured when none reaches the target's", () => {
    const outcome = evaluateTarget(latency, [
      { value: 1472, size: 100_513, detail: "common term" },
      { value: 37, size: 513 },
    ]);
    expect(outcome.met).toBeUndefined();
    expect(outcome.measurement).toBeUndefined();
    expect(outcome.largest?.value).toBe(1472);
    expect(outcome.status).toBe("not measured yet at 1M (largest measured: 100k: 1,472 ms, common term)");
    expect(evaluateTarget(latency, []).status).toBe("not measured yet");
  });
});

describe("chart scales", () => {
  it("pick 1-2-5 steps", () => {
    expect(niceStep(10)).toBe(2);
    expect(niceStep(237)).toBe(50);
    expect(niceStep(0.7)).toBe(0.2);
  });

  it("widen a linear domain to whole steps, from zero when asked", () => {
    const scale = linearScale([56.6, 229], true);
    expect(scale.domain).toEqual([0, 250]);
    expect(scale.ticks).toEqual([0, 50, 100, 150, 200, 250]);
    expect(scale.fraction(125)).toBe(0.5);
    expect(linearScale([0.1, 0.7]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it("centre a single value instead of dividing by zero", () => {
    expect(linearScale([10]).fraction(10)).toBe(0.5);
    const log = logScale([10]);
    expect(log.domain).toEqual([1, 100]);
    expect(log.fraction(10)).toBe(0.5);
  });

  it("widen a log domain to whole decades, with 2× and 5× ticks when it spans few", () => {
    const wide = logScale([513, 100_513]);
    expect(wide.domain).toEqual([100, 1_000_000]);
    expect(wide.ticks).toEqual([100, 1000, 10_000, 100_000, 1_000_000]);
    expect(wide.fraction(1000)).toBeCloseTo(0.25, 12);
    expect(logScale([100_000, 200_000]).ticks).toEqual([100_000, 200_000, 500_000, 1_000_000]);
    expect(logScale([0.3, 40]).ticks).toEqual([0.1, 1, 10, 100]);
  });

  it("go log only when the values span a decade", () => {
    expect(chooseScaleKind([1000, 10_000])).toBe("log");
    expect(chooseScaleKind([100_000, 200_000])).toBe("linear");
    expect(chooseScaleKind([0, 10])).toBe("linear");
  });
});

describe("line chart SVG", () => {
  const chart: LineChart = {
    title: "Latency <p95>",
    x: { label: "papers", scale: "log", format: formatCount },
    y: { label: "ms", scale: "linear", includeZero: true, format: formatNumber },
    series: [
      { name: "common term", points: [{ x: 100_000, y: 40 }, { x: 1000, y: 10 }] },
      { name: "ILIKE", line: "dashed", points: [{ x: 1000, y: 20 }, { x: 100_000, y: 80 }] },
      { name: "target", line: "none", marker: "cross", points: [{ x: 1_000_000, y: 20 }] },
    ],
  };
  const svg = renderLineChart(chart);
  const polylines = [...svg.matchAll(/<polyline points="([^"]+)"([^>]*)\/>/g)];
  const coordinates = (match: RegExpMatchArray) => match[1].split(" ").map((pair) => pair.split(",").map(Number));

  it("draws a line per series with points, left to right, higher values higher up", () => {
    expect(polylines).toHaveLength(2);
    const [first, second] = coordinates(polylines[0]);
    expect(first[0]).toBeLessThan(second[0]);
    expect(first[1]).toBeGreaterThan(second[1]);
    expect(polylines[1][2]).toContain("stroke-dasharray");
    expect(polylines[0][2]).not.toContain("stroke-dasharray");
  });

  it("places log ticks evenly: a decade is the same width everywhere", () => {
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="11"[^>]*>([^<]+)<\/text>/g)].map((m) => [m[2], Number(m[1])] as const);
    const at = new Map(xs);
    expect([...at.keys()]).toEqual(["1k", "10k", "100k", "1M"]);
    expect(at.get("10k")! - at.get("1k")!).toBeCloseTo(at.get("1M")! - at.get("100k")!, 0);
  });

  it("escapes text, has a title and legend, and is the same every time", () => {
    expect(svg).toContain("<title id=\"chart-title\">Latency &lt;p95&gt;</title>");
    for (const name of ["common term", "ILIKE", "target"]) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain("(log scale)");
    expect(renderLineChart(chart)).toBe(svg);
    expect(() => renderLineChart({ ...chart, series: [] })).toThrow();
  });
});

describe("the report", () => {
  const machine = { cpu: "Test CPU", cores: 2, memoryGB: 8, os: "Linux", node: "v20.0.0" };
  const server = { version: "PostgreSQL 15.20 (Debian) on x86_64-pc-linux-gnu", settings: { jit: "on" } };
  const kinds = (p95s: number[]) => p95s.map((p95, i) => ({ kind: `kind ${i}`, q: "q", sort: "relevance", searchPapers: { p50: p95 / 2, p95, n: 30 }, ilike: { p50: 600, p95: 900, n: 10 }, ratio: { p50: 25, p95: 30 } }));
  // As readResults gives them: JSON rows whose fields only their section module knows.
  const asRows = (rows: object[]) => rows as BaseRow[];
  const results = new Map<string, BaseRow[]>([
    [
      "search",
      asRows([
        {
          date: "2026-01-01T10:00:00Z",
          machine,
          postgres: server,
          corpora: [{ label: "demo", papers: 513, kinds: kinds([5, 6]) }, { label: "1M", papers: 1_000_513, kinds: kinds([12, 30]) }],
          explain: { corpus: "1M", kind: "kind 1", q: "q", plan: "Limit  (actual time=0.1..11.9 rows=20 loops=1)\nExecution Time: 12.0 ms" },
        },
        // Newer and faster, but embedded PGlite: not comparable, so not judged.
        { date: "2026-01-02T10:00:00Z", machine, postgres: { version: "PostgreSQL 18.6 (PGlite 0.5.14) on wasm32", embedded: true }, corpora: [{ papers: 1_000_513, kinds: kinds([1, 2]) }] },
      ]),
    ],
    [
      "pages",
      asRows([
        {
          date: "2026-01-03T10:00:00Z",
          machine,
          code: { commit: "abcdef123456", uncommitted: [] },
          corpus: { papers: 1_000_000 },
          results: [
            { path: "/", label: "home", connections: 10, requestsPerSecond: { mean: 1200 }, latency: { p99: 100 } },
            { path: "/search?q=diffusion", label: "search", connections: 10, requestsPerSecond: { mean: 125 }, latency: { p99: 90 } },
            // Two pages on /search: each target takes the worse of them.
            { path: "/search?q=learning", label: "search-common", connections: 10, requestsPerSecond: { mean: 300 }, latency: { p99: 200 } },
            // A new search at each request: slower than both, and left out of the targets (they measure a page asked again and again).
            { path: "/search?q=<two words, new each request>", label: "search-distinct", connections: 10, requestsPerSecond: { mean: 40 }, latency: { p99: 900 }, distinctPaths: true },
            { path: "/", label: "home", connections: 50, requestsPerSecond: { mean: 1500 }, latency: { p99: 300 } },
          ],
        },
        // Newer, asked compressed (`--gzip`): shown on its own, never judged against the targets.
        {
          date: "2026-01-03T12:00:00Z",
          machine,
          corpus: { papers: 1_000_000 },
          options: { acceptEncoding: "gzip, deflate, br" },
          results: [{ path: "/", label: "home", connections: 10, requestsPerSecond: { mean: 400 }, latency: { p99: 60 } }],
        },
        // Newer, with the server's CPU sampled (`--cpu-prof`): sampling slows it, so it is shown apart, never judged.
        {
          date: "2026-01-03T13:00:00Z",
          machine,
          corpus: { papers: 1_000_000 },
          options: { acceptEncoding: null, cpuProf: true },
          results: [
            {
              path: "/search?q=diffusion",
              label: "search",
              connections: 10,
              requestsPerSecond: { mean: 60 },
              latency: { p99: 300 },
              durationSeconds: 10,
              cpuProfile: { sampledMs: 10_000, groups: [{ name: "(idle)", ms: 4000 }, { name: "next", ms: 3000 }, { name: "react-dom", ms: 1500 }] },
            },
          ],
        },
      ]),
    ],
    [
      "ingest",
      asRows([
        { date: "2026-01-02T11:00:00Z", machine, runs: [{ papers: 1_000_000, app: { mode: "bulk", ms: 750_000 }, ratios: { appOverCopyPapers: 1.9 } }] },
        // Newer but slower: the targets take the faster import at that size, the tables keep both.
        { date: "2026-01-03T11:00:00Z", machine, runs: [{ papers: 1_000_000, app: { ms: 1_290_000 }, ratios: { appOverCopyPapers: 3 } }] },
      ]),
    ],
    ["bundle", asRows([{ date: "2026-01-04T10:00:00Z", machine, pages: [{ path: "/", scripts: 5, rawKB: 300, gzipKB: 80 }] }])],
    ["mystery", [{ date: "2026-01-05T10:00:00Z" }]],
  ]);
  const report = buildReport(results);
  const targetLine = (what: string) => report.markdown.split("\n").find((line) => line.includes(`| ${what} |`)) ?? "";

  it("starts with the generated-file notice and names the newest row's date, not today's", () => {
    expect(report.markdown.split("\n")[0]).toMatch(/^<!-- Generated by `npm run bench:report`.*do not edit by hand/);
    expect(report.markdown).toContain("the newest from 2026-01-05 10:00 UTC");
    expect(buildReport(results)).toEqual(report);
  });

  it("judges each target on the right figure", () => {
    expect(targetLine("searchPapers p95, slowest query kind, at 1M papers")).toContain("| 30 ms (kind 1) | missed by 10 ms (1.5×) |");
    expect(targetLine("searchPapers p95, slowest query kind, at 3M papers")).toContain("not measured yet at 3M (largest measured: 1M: 30 ms, kind 1)");
    expect(targetLine("ILIKE ÷ searchPapers (p50), least-improved query kind, at 1M papers")).toContain("| met |");
    expect(targetLine("`/` requests/s at 10 connections, 1M papers")).toContain("| 1,200 req/s | met | 2026-01-03 `abcdef1` |");
    expect(targetLine("`/search` requests/s at 10 connections, 1M papers")).toContain("| 125 req/s (search) | missed by 125 req/s (2×) |");
    expect(targetLine("`/search` p99 latency at 10 connections, 1M papers")).toContain("| 200 ms (search-common) | missed by 50 ms (1.3×) |");
    expect(targetLine("`/` p99 latency at 10 connections, 1M papers")).toContain("| met |");
    expect(report.markdown).toContain("Asked as a browser asks (`--gzip`: Accept-Encoding gzip, deflate, br; every answer comes compressed), at 10 connections: `/` 400 req/s (p99 60 ms).");
    expect(targetLine("first-load JavaScript of `/`, gzip")).toContain("| 80 kB | met |");
    expect(targetLine("wall time of a run of 100k deliveries")).toContain("| not measured yet |");
    expect(targetLine("import of 1M papers, wall time")).toContain("| 12.5 min (bulk import) | missed by 9.5 min (4.2×) |");
    expect(targetLine("app ÷ psql `\\copy` into papers, 1M papers")).toContain("| ×1.9 (bulk import, ×— of the same 3 tables, ×— with the vocabulary built once) | met |");
    expect(report.markdown).toMatch(/\| 1,000,000 \| bulk \| 750 \|[^\n]*\n\| 1,000,000 \| incremental \| 1,290 \|/);
  });

  it("says under the targets why each missed one is missed, and nothing of the met ones", () => {
    const notes = report.markdown.slice(report.markdown.indexOf("Why the missed targets are missed"), report.markdown.indexOf("## search"));
    expect(notes).toContain("- **searchPapers p95, slowest query kind, at 1M papers** (search): a search is one statement");
    expect(notes).toContain("- **`/search` requests/s at 10 connections, 1M papers** (pages): a repeated search is a hit of Next's page cache");
    expect(notes).toContain("- **import of 1M papers, wall time** (ingest): the floor misses it too");
    expect(notes).not.toContain("**`/` requests/s");
    expect(notes).not.toContain("first-load JavaScript");
  });

  it("shows the plan of the slowest search and a profiled run's CPU per request", () => {
    expect(report.markdown).toContain("### Where the slowest search's time goes");
    expect(report.markdown).toContain("(kind 1, `q`) on 1M, as lib/search sent it");
    expect(report.markdown).toContain("```\nLimit  (actual time=0.1..11.9 rows=20 loops=1)\nExecution Time: 12.0 ms\n```");
    expect(report.markdown).toContain("### Where a request's time goes");
    // 6 s busy of 10 s sampled, over 60 req/s × 10 s: 10 ms a request, half of it in next.
    expect(report.markdown).toContain("| `/search?q=diffusion` | 60 | 60% | 10,000 | next 50%, react-dom 25% |");
  });

  it("plots what it has, says why it skips the rest, and lists unknown results", () => {
    expect(report.plots.map((plot) => plot.file)).toEqual(["search-latency-p95.svg", "search-latency-p50.svg", "pages-throughput.svg", "ingest-time.svg"]);
    expect(report.markdown).toContain("![Search latency p95 by corpus size](bench/plots/search-latency-p95.svg)");
    expect(report.markdown).toContain("_No plot of digest throughput by subscribers: no digest run under standard conditions yet._");
    expect(report.markdown).toContain("## mystery");
    // The pages plot: one line per page, 2 points for `/`.
    const pages = report.plots.find((plot) => plot.file === "pages-throughput.svg")!.svg;
    expect(pages.match(/<polyline /g)).toHaveLength(1);
    expect(pages).toContain(">home</text>");
  });
});

describe("rows", () => {
  it("sort by date, a row without one staying after the row before it", () => {
    const rows = [{ date: "2026-01-03", id: 1 }, { id: 2 }, { date: "2026-01-01", id: 3 }];
    expect(byDate(rows).map((row) => row.id)).toEqual([3, 1, 2]);
  });
});
