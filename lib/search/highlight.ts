// Highlighted text travels as segments, never as HTML: pages render them as React
// text (escaped by React) inside <mark>, and the JSON API turns them into HTML
// with every character escaped. lib/search/mark-matches.ts makes them.

export type Segment = { text: string; match: boolean };

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
