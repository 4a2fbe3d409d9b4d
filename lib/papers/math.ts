// Finds the LaTeX math in abstracts and titles, which arrive as plain text with
// `$…$` spans (e.g. "… annealing over training steps (s): $L(s) = L_0 + …$ is …").
//
// The rules follow Pandoc's tex_math_dollars, so that prices and stray dollars stay
// text ("costs $5 and $10" has no math):
//   - `$` opens inline math only when the next character is not whitespace, and the
//     span closes at the next unescaped `$` only if the character before that `$` is
//     not whitespace and the one after it is not a digit;
//   - `$$…$$` is display math;
//   - `\$` is a literal dollar: it neither opens nor closes math, and in text it is
//     shown as "$";
//   - math never spans a blank line; an opener without a valid closer stays text.

export type MathSegment =
  | { kind: "text"; text: string }
  | { kind: "math"; tex: string; display?: boolean };

type Span = { start: number; end: number; tex: string; display: boolean };

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";

/** Index of the next `$` at or after `from` that no backslash escapes, or -1. */
function nextDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++; // skips the escaped character, "\$" and "\\" alike
    else if (text[i] === "$") return i;
  }
  return -1;
}

function displaySpan(text: string, open: number): Span | null {
  let close = nextDollar(text, open + 2);
  while (close !== -1 && text[close + 1] !== "$") close = nextDollar(text, close + 1);
  if (close === -1) return null;
  const tex = text.slice(open + 2, close);
  if (tex.trim() === "" || tex.includes("\n\n")) return null;
  return { start: open, end: close + 2, tex, display: true };
}

function inlineSpan(text: string, open: number): Span | null {
  if (text[open + 1] === undefined || isSpace(text[open + 1])) return null;
  // Only the first unescaped `$` can close: math never contains a bare dollar.
  const close = nextDollar(text, open + 1);
  if (close === -1 || isSpace(text[close - 1]) || isDigit(text[close + 1])) return null;
  const tex = text.slice(open + 1, close);
  if (tex.includes("\n\n")) return null;
  return { start: open, end: close + 1, tex, display: false };
}

function unescapeDollars(text: string): string {
  // Pairs are consumed left to right, so in "\\$" the backslashes escape each other.
  return text.replace(/\\([\\$])/g, (pair, ch: string) => (ch === "$" ? "$" : pair));
}

/** Splits `text` into plain-text and math segments, in order; adjacent text is merged. */
export function splitMath(text: string): MathSegment[] {
  const segments: MathSegment[] = [];
  let textStart = 0;
  let i = nextDollar(text, 0);
  while (i !== -1) {
    const span = text[i + 1] === "$" ? displaySpan(text, i) : inlineSpan(text, i);
    if (!span) {
      // Not math: the dollar (or "$$") stays text and scanning continues after it.
      i = nextDollar(text, text[i + 1] === "$" ? i + 2 : i + 1);
      continue;
    }
    if (span.start > textStart) segments.push({ kind: "text", text: unescapeDollars(text.slice(textStart, span.start)) });
    segments.push(span.display ? { kind: "math", tex: span.tex, display: true } : { kind: "math", tex: span.tex });
    textStart = span.end;
    i = nextDollar(text, span.end);
  }
  if (textStart < text.length) segments.push({ kind: "text", text: unescapeDollars(text.slice(textStart)) });
  return segments;
}

/** The source of a math segment as it appeared in the text, delimiters included. */
export function mathSource(segment: { tex: string; display?: boolean }): string {
  const delimiter = segment.display ? "$$" : "$";
  return `${delimiter}${segment.tex}${delimiter}`;
}
