// A line chart as hand-written SVG: title, axes with ticks and grid, one polyline and
// markers per series, legend on the right. No dependency, and deterministic: coordinates
// are rounded to 0.1 px and nothing depends on the clock or the locale.
import { chooseScaleKind, makeScale, type Scale, type ScaleKind } from "./scale";

export type Point = { x: number; y: number };

export type Series = {
  name: string;
  points: Point[];
  /** "dashed" for baselines and floors, "none" for marks such as targets. */
  line?: "solid" | "dashed" | "none";
  marker?: "circle" | "cross";
  /** Defaults to the palette colour of the series' position. */
  color?: string;
};

export type Axis = {
  label: string;
  /** "auto": log when the values span a decade or more. */
  scale: ScaleKind | "auto";
  format: (value: number) => string;
  /** Linear scales only: start at zero (throughputs, durations). */
  includeZero?: boolean;
};

export type LineChart = { title: string; subtitle?: string; x: Axis; y: Axis; series: Series[] };

// Tableau 10: distinguishable, and readable for the common colour-vision deficiencies.
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const WIDTH = 800;
const HEIGHT = 440;
/** Room for names of up to LEGEND_CHARACTERS characters at 12 px. */
const LEGEND_WIDTH = 250;
const LEGEND_CHARACTERS = 30;
const PLOT = { left: 76, top: 64, right: WIDTH - LEGEND_WIDTH - 16, bottom: HEIGHT - 56 };
/** Space between the plot's frame and the ends of the domain, so markers at the ends are not cut. */
const INSET = 8;
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

const px = (value: number) => value.toFixed(1);

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export const hasPoints = (series: Series[]) => series.some((s) => s.points.length > 0);

function axisScale(axis: Axis, values: number[]): Scale {
  const kind = axis.scale === "auto" ? chooseScaleKind(values) : axis.scale;
  return makeScale(kind, values, axis.includeZero ?? false);
}

/** Where a value lands in pixels, x growing rightwards, y upwards. */
export function projector(xScale: Scale, yScale: Scale) {
  const width = PLOT.right - PLOT.left - 2 * INSET;
  const height = PLOT.bottom - PLOT.top - 2 * INSET;
  return {
    x: (value: number) => PLOT.left + INSET + xScale.fraction(value) * width,
    y: (value: number) => PLOT.bottom - INSET - yScale.fraction(value) * height,
  };
}

function marker(kind: Series["marker"], x: number, y: number, color: string): string {
  if (kind === "cross") {
    const d = `M${px(x - 5)} ${px(y - 5)}L${px(x + 5)} ${px(y + 5)}M${px(x - 5)} ${px(y + 5)}L${px(x + 5)} ${px(y - 5)}`;
    return `<path d="${d}" stroke="${color}" stroke-width="2.5"/>`;
  }
  return `<circle cx="${px(x)}" cy="${px(y)}" r="3.5" fill="${color}" stroke="#ffffff" stroke-width="1"/>`;
}

function strokeAttributes(line: Series["line"], color: string): string {
  return `fill="none" stroke="${color}" stroke-width="2"${line === "dashed" ? ' stroke-dasharray="7 4"' : ""}`;
}

function axes(xScale: Scale, yScale: Scale, chart: LineChart): string[] {
  const at = projector(xScale, yScale);
  const out: string[] = [];
  for (const tick of yScale.ticks) {
    const y = px(at.y(tick));
    out.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#374151">${escapeXml(chart.y.format(tick))}</text>`);
  }
  for (const tick of xScale.ticks) {
    const x = px(at.x(tick));
    out.push(`<line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${x}" y="${PLOT.bottom + 18}" text-anchor="middle" font-size="11" fill="#374151">${escapeXml(chart.x.format(tick))}</text>`);
  }
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#9ca3af"/>`);
  const logNote = (scale: Scale) => (scale.kind === "log" ? " (log scale)" : "");
  out.push(`<text x="${px((PLOT.left + PLOT.right) / 2)}" y="${HEIGHT - 16}" text-anchor="middle" font-size="12" fill="#111827">${escapeXml(chart.x.label + logNote(xScale))}</text>`);
  const yMiddle = px((PLOT.top + PLOT.bottom) / 2);
  out.push(`<text x="18" y="${yMiddle}" transform="rotate(-90 18 ${yMiddle})" text-anchor="middle" font-size="12" fill="#111827">${escapeXml(chart.y.label + logNote(yScale))}</text>`);
  return out;
}

function legend(series: Series[], colors: string[]): string[] {
  const out: string[] = [];
  const left = PLOT.right + 20;
  series.forEach((s, index) => {
    const y = PLOT.top + 8 + index * 20;
    if ((s.line ?? "solid") !== "none") out.push(`<line x1="${left}" x2="${left + 24}" y1="${y}" y2="${y}" ${strokeAttributes(s.line, colors[index])}/>`);
    out.push(marker(s.marker, left + 12, y, colors[index]));
    const name = s.name.length > LEGEND_CHARACTERS ? `${s.name.slice(0, LEGEND_CHARACTERS - 1)}…` : s.name;
    out.push(`<text x="${left + 32}" y="${y}" dominant-baseline="middle" font-size="12" fill="#111827">${escapeXml(name)}</text>`);
  });
  return out;
}

export function renderLineChart(chart: LineChart): string {
  const points = chart.series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error(`chart "${chart.title}" has no points`);
  const xScale = axisScale(chart.x, points.map((p) => p.x));
  const yScale = axisScale(chart.y, points.map((p) => p.y));
  const at = projector(xScale, yScale);
  const colors = chart.series.map((s, index) => s.color ?? PALETTE[index % PALETTE.length]);
  const body: string[] = [];
  chart.series.forEach((s, index) => {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    if ((s.line ?? "solid") !== "none" && sorted.length > 1) {
      body.push(`<polyline points="${sorted.map((p) => `${px(at.x(p.x))},${px(at.y(p.y))}`).join(" ")}" ${strokeAttributes(s.line, colors[index])}/>`);
    }
    for (const p of sorted) body.push(marker(s.marker, at.x(p.x), at.y(p.y), colors[index]));
  });
  const subtitle = chart.subtitle ? [`<text x="${PLOT.left}" y="48" font-size="12" fill="#4b5563">${escapeXml(chart.subtitle)}</text>`] : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title" font-family="${FONT}">`,
    `<title id="chart-title">${escapeXml(chart.title)}</title>`,
    // GitHub's dark theme shows an SVG on dark grey: an opaque background keeps the dark text readable.
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="28" font-size="16" font-weight="600" fill="#111827">${escapeXml(chart.title)}</text>`,
    ...subtitle,
    ...axes(xScale, yScale, chart),
    ...body,
    ...legend(chart.series, colors),
    "</svg>",
    "",
  ].join("\n");
}
