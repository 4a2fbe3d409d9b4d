// Axis scales for the hand-written SVG charts: a domain rounded outwards to "nice" values,
// its tick values, and where a value falls between the ends (0 … 1).

export type ScaleKind = "linear" | "log";

export type Scale = {
  kind: ScaleKind;
  domain: [number, number];
  ticks: number[];
  /** 0 at the domain's start, 1 at its end. */
  fraction: (value: number) => number;
};

/** Floating-point noise off a computed tick (0.1 + 0.2 …), so labels and coordinates stay exact. */
const clean = (value: number) => Number(value.toPrecision(12));

/** The 1-2-5 step that cuts `span` into about `count` intervals. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = raw / power;
  const nice = factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10;
  return clean(nice * power);
}

/** A linear scale over `values`, widened to whole steps; `includeZero` for throughputs and times, whose zero matters. */
export function linearScale(values: number[], includeZero = false): Scale {
  let min = Math.min(...values, ...(includeZero ? [0] : []));
  let max = Math.max(...values, ...(includeZero ? [0] : []));
  if (min === max) {
    // One value (one connection count, say): centre it rather than divide by zero.
    const pad = min === 0 ? 1 : Math.abs(min) / 2;
    min = includeZero && min >= 0 ? 0 : min - pad;
    max += pad;
  }
  const step = niceStep(max - min);
  const lo = clean(Math.floor(min / step) * step);
  const hi = clean(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i += 1) ticks.push(clean(lo + i * step));
  return { kind: "linear", domain: [lo, hi], ticks, fraction: (value) => (value - lo) / (hi - lo) };
}

/** A log₁₀ scale over `values` (> 0), widened to whole decades; 2× and 5× ticks too when it spans two decades or fewer. */
export function logScale(values: number[]): Scale {
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) throw new Error("a log scale needs positive values");
  let lo = Math.floor(Math.log10(Math.min(...positive)));
  let hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (lo === hi) {
    // A single power of ten: a decade either side puts it in the middle.
    lo -= 1;
    hi += 1;
  }
  const multiples = hi - lo <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = lo; exponent <= hi; exponent += 1) {
    for (const multiple of multiples) {
      const tick = clean(multiple * 10 ** exponent);
      if (tick <= clean(10 ** hi)) ticks.push(tick);
    }
  }
  return { kind: "log", domain: [clean(10 ** lo), clean(10 ** hi)], ticks, fraction: (value) => (Math.log10(value) - lo) / (hi - lo) };
}

/** Log when the values span a decade or more ("sizes that span decades"), else linear from zero. */
export function chooseScaleKind(values: number[]): ScaleKind {
  const positive = values.filter((value) => value > 0);
  if (positive.length !== values.length || positive.length === 0) return "linear";
  return Math.max(...positive) / Math.min(...positive) >= 10 ? "log" : "linear";
}

export function makeScale(kind: ScaleKind, values: number[], includeZero: boolean): Scale {
  return kind === "log" ? logScale(values) : linearScale(values, includeZero);
}
