import { describe, expect, it } from "vitest";
import { citationKey, escapeBibtex, toBibtex, type CitablePaper } from "@/lib/papers/bibtex";

const paper: CitablePaper = {
  id: "0785522b6b06",
  arxivId: "2408.11029",
  title: "Scaling Law with Learning Rate Annealing",
  authors: ["Howe Tissue", "Venus Wang", "Lu Wang"],
  publishedAt: new Date("2024-08-20T12:00:00Z"),
};

/** Field values of an entry, by name. */
function fields(entry: string): Record<string, string> {
  return Object.fromEntries([...entry.matchAll(/^ {2}(\w+) = \{(.*)\},$/gm)].map((m) => [m[1], m[2]]));
}

/** True when every brace in the entry is closed, ignoring escaped ones. */
function balanced(entry: string): boolean {
  let depth = 0;
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] === "\\") i++;
    else if (entry[i] === "{") depth++;
    else if (entry[i] === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

describe("toBibtex", () => {
  it("writes an arXiv paper as @misc with eprint, archivePrefix and url", () => {
    expect(toBibtex(paper)).toBe(
      [
        "@misc{tissue2024scaling,",
        "  title = {{Scaling Law with Learning Rate Annealing}},",
        "  author = {Howe Tissue and Venus Wang and Lu Wang},",
        "  year = {2024},",
        "  eprint = {2408.11029},",
        "  archivePrefix = {arXiv},",
        "  url = {https://arxiv.org/abs/2408.11029},",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("leaves out what is not known: no author, no eprint, and the code link as url", () => {
    const entry = toBibtex({
      ...paper,
      arxivId: null,
      authors: [],
      links: ["https://example.org/blog", "https://github.com/owner/repo"],
    });
    expect(entry.startsWith("@misc{paperboy0785522b6b06,\n")).toBe(true);
    expect(fields(entry)).toEqual({
      title: "{Scaling Law with Learning Rate Annealing}",
      year: "2024",
      url: "https://github.com/owner/repo",
    });
  });

  it("has no url at all without an arXiv id or links", () => {
    expect(fields(toBibtex({ ...paper, arxivId: null, links: [] }))).not.toHaveProperty("url");
  });

  it("escapes BibTeX and LaTeX special characters in the title and names", () => {
    const entry = toBibtex({
      ...paper,
      title: "100% {Robust} R&D: C# and_snake ~ x^2 \\ \\$5",
      authors: ["Ada O'Neil_2", "Bob {Evil"],
    });
    const { title, author } = fields(entry);
    expect(title).toBe(
      "{100\\% \\{Robust\\} R\\&D: C\\# and\\_snake \\textasciitilde{} x\\textasciicircum{}2 \\textbackslash{} \\$5}",
    );
    expect(author).toBe("Ada O'Neil\\_2 and Bob \\{Evil");
    expect(balanced(entry)).toBe(true);
  });

  it("keeps well-formed $…$ math in a title as LaTeX and escapes broken math", () => {
    expect(fields(toBibtex({ ...paper, title: "$\\mathcal{O}(n)$ Attention for $k$-NN" })).title).toBe(
      "{$\\mathcal{O}(n)$ Attention for $k$-NN}",
    );
    const broken = toBibtex({ ...paper, title: "Bad $x}{y$ and $50% off$ math" });
    expect(fields(broken).title).toBe("{Bad \\$x\\}\\{y\\$ and \\$50\\% off\\$ math}");
    expect(balanced(broken)).toBe(true);
  });

  it("collapses whitespace and newlines inside fields", () => {
    expect(fields(toBibtex({ ...paper, title: "  Two\n  Lines\t", authors: [" Ann\n Lee "] }))).toMatchObject({
      title: "{Two Lines}",
      author: "Ann Lee",
    });
  });

  it("braces an organisation whose name contains “and”", () => {
    expect(fields(toBibtex({ ...paper, authors: ["Research and Development Team", "Lu Wang"] })).author).toBe(
      "{Research and Development Team} and Lu Wang",
    );
  });
});

describe("citationKey", () => {
  const key = (authors: string[], title = paper.title, year = 2024) =>
    citationKey({ id: "abcdef012345", title, authors, publishedAt: new Date(Date.UTC(year, 5, 1)) });

  it("is surname + year + first significant title word, lower-case ASCII", () => {
    expect(key(["Howe Tissue"])).toBe("tissue2024scaling");
    expect(key(["Jürgen Schmidhuber"], "On the Difficulty of Training")).toBe("schmidhuber2024difficulty");
    expect(key(["Søren Øster-Łąck"], "Towards a Theory of Everything", 2019)).toBe("osterlack2019theory");
    expect(key(["Ann Lee"], "G-SimCLR : Self-Supervised Contrastive Learning")).toBe("lee2024simclr");
  });

  it("understands “Last, First” and ignores suffixes", () => {
    expect(key(["van der Berg, Jan"])).toBe("vanderberg2024scaling");
    expect(key(["Martin Luther King Jr."])).toBe("king2024scaling");
    expect(key(["Martin Luther King, Jr."])).toBe("king2024scaling");
  });

  it("falls back to paperboy + id without an ASCII-foldable first author", () => {
    expect(key([])).toBe("paperboyabcdef012345");
    expect(key(["张伟"])).toBe("paperboyabcdef012345");
  });

  it("does without a title word when there is none", () => {
    expect(key(["Ann Lee"], "On the 2")).toBe("lee2024");
  });

  it("is stable and safe for a file name", () => {
    expect(key(["Howe Tissue"])).toBe(key(["Howe Tissue"]));
    expect(key(["Dr. Strange' O\"Brien"], "Why?! {Braces} & stuff")).toMatch(/^[a-z0-9]+$/);
  });
});

describe("escapeBibtex", () => {
  it("escapes every special once and leaves ordinary text alone", () => {
    expect(escapeBibtex("{}%&$#_~^\\")).toBe(
      "\\{\\}\\%\\&\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textbackslash{}",
    );
    expect(escapeBibtex("Café: naïve “quotes”")).toBe("Café: naïve “quotes”");
  });
});
