// Highlighted text travels as segments, never as HTML: pages render them as React
// text (escaped by React) inside <mark>, and the JSON API turns them into HTML
// with every character escaped. Postgres' ts_headline marks matches with these
// sentinels, which are removed from the source text first so they cannot be forged.

export const MATCH_START = "\u27E6"; // ⟦
export const MATCH_END = "\u27E7"; // ⟧

export type Segment = { text: string; match: boolean };

export function toSegments(highlighted: string): Segment[] {
  const segments: Segment[] = [];
  for (const [index, part] of highlighted.split(new RegExp(`[${MATCH_START}${MATCH_END}]`)).entries()) {
    if (part) segments.push({ text: part, match: index % 2 === 1 });
  }
  return segments;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function segmentsToHtml(segments: Segment[]): string {
  return segments.map(({ text, match }) => (match ? `<mark>${escapeHtml(text)}</mark>` : escapeHtml(text))).join("");
}

export function segmentsToText(segments: Segment[]): string {
  return segments.map((segment) => segment.text).join("");
}
