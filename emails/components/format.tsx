// Text shaping shared by the templates. (A .tsx only because emails/components holds .tsx files.)

/** Collapses the line breaks and runs of spaces that titles and abstracts carry from their sources. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * `text` on one line; when longer than `max`, cut at a word boundary within `max`
 * characters and ended with "…".
 * Mail needs this done in the text itself: most clients ignore CSS line-clamp, and
 * subjects have no CSS at all.
 */
export function truncate(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  const cut = line.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  // A word longer than a third of the budget (a URL, a formula) is cut through instead;
  // Array.from counts code points, so that cut never splits a surrogate pair.
  const head = space > max * 0.66 ? cut.slice(0, space) : Array.from(line).slice(0, max).join("");
  return `${head.replace(/[\s,;:.\-–—]+$/u, "")}…`;
}

/** "A, B, C, D, E, F et al." past `max` names; "" for none. */
export function formatAuthors(authors: string[], max = 6): string {
  const shown = authors.slice(0, max).join(", ");
  return authors.length > max ? `${shown} et al.` : shown;
}

/** "1 vote", "2 votes", "1,204 votes". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}
