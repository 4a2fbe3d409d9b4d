// What a list of papers (trending, a day, search) shows of each paper.

export type PaperSummary = {
  id: string;
  title: string;
  /** The first few hundred characters: enough for a card, never the whole text. */
  abstractStart: string;
  authors: string[];
  publishedAt: Date;
  votes: number;
};

export const ABSTRACT_PREVIEW_CHARS = 400;

/** Prisma `select` for a paper's author names in their listed order. */
export const authorsInOrder = {
  orderBy: { position: "asc" },
  select: { author: { select: { name: true } } },
} as const;

export function authorNames(authors: { author: { name: string } }[]): string[] {
  return authors.map((entry) => entry.author.name);
}
