// The digest section: a whole daily digest run to a local SMTP sink against the nodemailer
// floor (bench/digest.ts writes the rows; one row holds a run per subscriber count).
import { formatCode, formatCount, formatDate, formatNumber, markdownTable, type CodeVersion } from "../format";
import { latestPerKey, type BaseRow } from "../rows";
import { blocks, plotOrReason, provenance, type Section } from "../section";
import type { LineChart, Series } from "../svg/line-chart";
import { evaluateTarget, type Measurement, type Target } from "../targets";

type Floor = { inFlight?: number; perSecond?: number; ms?: number; meanBytes?: number };
type DigestRun = {
  subscribers?: number;
  code?: CodeVersion;
  keywordsShare?: number;
  digest?: { sent?: number; totalMs?: number; firstSendMs?: number; perSecond?: number; meanBytes?: number; peakRssMB?: number; renders?: { count?: number }; distinctContents?: number };
  floors?: Floor[];
  verified?: { ok?: boolean };
};
type DigestRow = BaseRow & { options?: { keywordsShare?: number; smtpDelayMs?: number; cpuProf?: boolean }; runs?: DigestRun[] };
type Entry = { row: DigestRow; run: DigestRun };

const HUNDRED_THOUSAND = 100_000;
const TARGETS = {
  wallTime: { benchmark: "digest", what: "wall time of a run of 100k deliveries", limit: 5, bound: "<", unit: "min", atSize: HUNDRED_THOUSAND },
  floor: { benchmark: "digest", what: "fastest floor ÷ digest deliveries/s, 100k deliveries", limit: 3, bound: "≤", unit: "×", atSize: HUNDRED_THOUSAND },
  memory: { benchmark: "digest", what: "digest process peak RSS, 100k deliveries", limit: 512, bound: "<", unit: "MB", atSize: HUNDRED_THOUSAND },
} satisfies Record<string, Target>;

/**
 * A simulated relay delay (`--smtp-delay`) or a CPU profile (`--cpu-prof`) measures something
 * else than the targets: such runs stay in the history, out of the latest figures and plot.
 */
const isStandard = ({ row }: Entry) => !(row.options?.smtpDelayMs ?? 0) && !row.options?.cpuProf;

function conditions({ row, run }: Entry): string {
  const share = run.keywordsShare ?? row.options?.keywordsShare;
  const parts = [share !== undefined ? `keywords ${formatNumber(share * 100)}%` : undefined];
  if (row.options?.smtpDelayMs) parts.push(`SMTP delay ${formatNumber(row.options.smtpDelayMs)} ms`);
  if (row.options?.cpuProf) parts.push("CPU profile");
  return parts.filter(Boolean).join(", ") || "—";
}

const entries = (rows: DigestRow[]): Entry[] => rows.flatMap((row) => (row.runs ?? []).map((run) => ({ row, run })));
const codeOf = ({ row, run }: Entry) => run.code ?? row.code;

/** The latest standard run per subscriber count, smallest first. */
const latestRuns = (rows: DigestRow[]) => latestPerKey(entries(rows).filter(isStandard), ({ run }) => String(run.subscribers)).sort((a, b) => (a.run.subscribers ?? 0) - (b.run.subscribers ?? 0));

function fastestFloor(run: DigestRun): Floor | undefined {
  return (run.floors ?? []).reduce<Floor | undefined>((best, floor) => ((floor.perSecond ?? 0) > (best?.perSecond ?? 0) ? floor : best), undefined);
}

function floorRatio(run: DigestRun): number | undefined {
  const floor = fastestFloor(run)?.perSecond;
  const digest = run.digest?.perSecond;
  return floor !== undefined && digest ? floor / digest : undefined;
}

function outcomes(rows: DigestRow[]) {
  const measure = (figure: (run: DigestRun) => number | undefined, detail?: (run: DigestRun) => string): Measurement[] =>
    latestRuns(rows).flatMap((entry) => {
      const value = figure(entry.run);
      return value === undefined ? [] : [{ value, size: entry.run.subscribers, date: entry.row.date, code: codeOf(entry), detail: detail?.(entry.run) }];
    });
  const floorDetail = (run: DigestRun) => `${formatNumber(run.digest?.perSecond)}/s against ${formatNumber(fastestFloor(run)?.perSecond)}/s with ${fastestFloor(run)?.inFlight ?? "?"} in flight`;
  return [
    evaluateTarget(TARGETS.wallTime, measure((run) => (run.digest?.totalMs === undefined ? undefined : run.digest.totalMs / 60_000))),
    evaluateTarget(TARGETS.floor, measure(floorRatio, floorDetail)),
    evaluateTarget(TARGETS.memory, measure((run) => run.digest?.peakRssMB)),
  ];
}

/** The floors' in-flight counts, in order, so every table has the same floor columns. */
const floorCounts = (list: Entry[]) => [...new Set(list.flatMap(({ run }) => (run.floors ?? []).map((floor) => floor.inFlight ?? 0)))].sort((a, b) => a - b);
const floorRate = (run: DigestRun, inFlight: number) => run.floors?.find((floor) => (floor.inFlight ?? 0) === inFlight)?.perSecond;
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const verified = (run: DigestRun) => (run.verified?.ok === undefined ? "—" : run.verified.ok ? "yes" : "**no**");

function latestTable(list: Entry[]): string {
  const inFlight = floorCounts(list);
  const lines = list.map((entry) => {
    const { run } = entry;
    const digest = run.digest;
    return [
      formatNumber(run.subscribers),
      conditions(entry),
      formatNumber(digest?.perSecond),
      ...inFlight.map((count) => formatNumber(floorRate(run, count))),
      formatNumber(floorRatio(run)),
      formatNumber(seconds(digest?.totalMs)),
      formatNumber(seconds(digest?.firstSendMs)),
      formatNumber(digest?.peakRssMB),
      `${formatNumber(digest?.renders?.count)} / ${formatNumber(digest?.distinctContents)}`,
      formatNumber(digest?.meanBytes === undefined ? undefined : digest.meanBytes / 1024),
      verified(run),
      `${formatDate(entry.row.date)} ${formatCode(codeOf(entry))}`,
    ];
  });
  const headers = ["subscribers", "conditions", "digest deliveries/s", ...inFlight.map((count) => `floor ${count} in flight msg/s`), "fastest floor ÷ digest", "wall s", "first send s", "peak RSS MB", "renders / distinct", "KB/msg", "verified", "row (date, code)"];
  return markdownTable(headers, lines);
}

function historyTable(rows: DigestRow[]): string {
  const lines = entries(rows).map((entry) => [
    formatDate(entry.row.date),
    formatCode(codeOf(entry)),
    conditions(entry),
    formatNumber(entry.run.subscribers),
    formatNumber(entry.run.digest?.perSecond),
    formatNumber(floorRatio(entry.run)),
    formatNumber(seconds(entry.run.digest?.totalMs)),
    formatNumber(entry.run.digest?.peakRssMB),
  ]);
  return markdownTable(["date (UTC)", "code", "conditions", "subscribers", "deliveries/s", "fastest floor ÷ digest", "wall s", "peak RSS MB"], lines);
}

function throughputChart(list: Entry[]): LineChart {
  const point = (subscribers: number | undefined, perSecond: number | undefined) => (subscribers !== undefined && perSecond !== undefined ? [{ x: subscribers, y: perSecond }] : []);
  const series: Series[] = [
    { name: "digest run", points: list.flatMap(({ run }) => point(run.subscribers, run.digest?.perSecond)) },
    ...floorCounts(list).map((count): Series => ({
      name: `floor, ${count} in flight`,
      line: "dashed",
      points: list.flatMap(({ run }) => point(run.subscribers, floorRate(run, count))),
    })),
  ];
  return {
    title: "Digest throughput by subscribers",
    subtitle: "latest run per size; floors (bare nodemailer to the same sink) dashed",
    x: { label: "subscribers", scale: "auto", format: formatCount },
    y: { label: "messages/s", scale: "linear", includeZero: true, format: formatNumber },
    series,
  };
}

/** `input`: the rows of bench/results/digest.json, oldest first, read as DigestRow (every field optional). */
export function digestSection(input: BaseRow[]): Section {
  const rows = input as DigestRow[];
  const latest = latestRuns(rows);
  const plot = plotOrReason("digest-throughput.svg", throughputChart(latest), "no digest run under standard conditions yet");
  const excluded = entries(rows).length - entries(rows).filter(isStandard).length;
  const newest = latest[latest.length - 1]?.row;
  const markdown = blocks(
    "Deliveries per second of a whole daily digest run (`createDigestRun` + `executeDigestRun`, as `/api/cron/digest` runs them) to a local SMTP sink, against the floor: a bare nodemailer loop sending as many equivalent messages through the same pooled transport.",
    excluded > 0 && `${excluded} run${excluded === 1 ? "" : "s"} with a simulated relay delay or a CPU profile ${excluded === 1 ? "is" : "are"} in the history only.`,
    latest.length > 0 ? "Latest run per size:" : "No digest run yet.",
    latest.length > 0 && latestTable(latest),
    newest && `Newest of those rows: ${provenance(newest, { code: false })}.`,
    plot.markdown,
    rows.length > 0 && "### History",
    rows.length > 0 && historyTable(rows),
  );
  return { benchmark: "digest", outcomes: outcomes(rows), markdown, plots: plot.plots };
}
