import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDump } from "../../../lib/ingest/demo/parse-dump";
import { titleKey } from "../../../lib/papers/title-key";

// Abstract-sized filler (well over the parser's 30-word floor) with a marker so
// each test can tell which abstract ended up where.
const abstract = (marker: string): string =>
  `${marker}: We study a problem that matters in practice and propose a simple method ` +
  "that improves over strong baselines on several benchmarks. Extensive experiments " +
  "and ablations show that the method is robust, efficient and easy to implement in " +
  "existing training pipelines without extra cost.";

const A = abstract("A");
const B = abstract("B");
const C = abstract("C");

describe("parseDump layouts", () => {
  it("parses title/abstract lines without blank lines", () => {
    expect(parseDump(`Paper A\n${A}\nPaper B\n${B}`)).toEqual([
      { title: "Paper A", abstract: A },
      { title: "Paper B", abstract: B },
    ]);
  });

  it("parses title/abstract lines separated by blank lines", () => {
    expect(parseDump(`\nPaper A\n\n${A}\n\n\nPaper B\n\n${B}\n`)).toEqual([
      { title: "Paper A", abstract: A },
      { title: "Paper B", abstract: B },
    ]);
  });

  it("handles \\r\\n line endings and trims lines", () => {
    expect(parseDump(`  Paper A \r\n\r\n\t${A}  \r\nPaper B\r\n${B}\r\n`)).toEqual([
      { title: "Paper A", abstract: A },
      { title: "Paper B", abstract: B },
    ]);
  });

  it("returns nothing for empty input", () => {
    expect(parseDump("")).toEqual([]);
    expect(parseDump("\n\r\n  \n")).toEqual([]);
  });
});

describe("parseDump furniture", () => {
  it.each([
    "new",
    "Subscribe",
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Mar 11",
    "Mar 17",
    "Dec 3",
  ])("drops the furniture line %j", (furniture) => {
    for (const text of [
      `${furniture}\nPaper A\n${A}\nPaper B\n${B}`,
      `Paper A\n${A}\n${furniture}\nPaper B\n${B}`,
      `Paper A\n\n${furniture}\n\n${A}\n\nPaper B\n\n${B}`,
    ]) {
      expect(parseDump(text)).toEqual([
        { title: "Paper A", abstract: A },
        { title: "Paper B", abstract: B },
      ]);
    }
  });

  it("drops the full header of the blank-line layout", () => {
    const text = [
      "new",
      "Get trending papers in your email inbox!",
      "Subscribe",
      "byAK and the research community",
      "Mar 11",
      "Paper A",
      A,
    ].join("\n\n");
    expect(parseDump(text)).toEqual([{ title: "Paper A", abstract: A }]);
  });

  it("unglues a title glued to Subscribe", () => {
    const text = [
      "Get trending papers in your email inbox once a day!",
      "Get trending papers in your email inbox!",
      "SubscribeImagine while Reasoning in Space: Multimodal Visualization-of-Thought",
      A,
    ].join("\n");
    expect(parseDump(text)).toEqual([
      { title: "Imagine while Reasoning in Space: Multimodal Visualization-of-Thought", abstract: A },
    ]);
  });

  it("does not strip 'Subscribe' from a title that merely starts with the word", () => {
    expect(parseDump(`Subscribers Churn Prediction\n${A}`)).toEqual([
      { title: "Subscribers Churn Prediction", abstract: A },
    ]);
  });

  it("keeps furniture words inside titles and abstracts", () => {
    const withWords = `${A} Subscribe new Mar 11`;
    expect(parseDump(`new Methods for Mar 11 Data\n${withWords}`)).toEqual([
      { title: "new Methods for Mar 11 Data", abstract: withWords },
    ]);
  });
});

describe("parseDump content", () => {
  it("keeps LaTeX remnants and URLs in abstracts verbatim", () => {
    const latex =
      "We scale losses as $L(s) = L_0 + Acdot S_1^{-alpha}$ with temperature {\\tau} and " +
      "{\\em entropy collapse}, i.e. \\ie, as in S{\\o}rensen--Dice. " +
      A +
      " Code: https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}.";
    expect(parseDump(`Paper A\n   ${latex}   \n`)).toEqual([{ title: "Paper A", abstract: latex }]);
  });

  it("skips a dangling title at the end", () => {
    expect(parseDump(`Paper A\n${A}\nPaper B`)).toEqual([{ title: "Paper A", abstract: A }]);
  });

  it("skips a dangling title in the middle and resynchronises", () => {
    expect(parseDump(`Paper A\n${A}\nOrphan Title\nPaper B\n${B}\nPaper C\n${C}`)).toEqual([
      { title: "Paper A", abstract: A },
      { title: "Paper B", abstract: B },
      { title: "Paper C", abstract: C },
    ]);
  });

  it("skips an abstract with no title", () => {
    expect(parseDump(`${C}\nPaper A\n${A}\nPaper B\n${B}`)).toEqual([
      { title: "Paper A", abstract: A },
      { title: "Paper B", abstract: B },
    ]);
  });

  it("keeps titles that end like sentences", () => {
    const title = "Up or Down? Adaptive Rounding for Post-Training Quantization";
    expect(parseDump(`Gradient is All You Need?\n${A}\n${title}\n${B}`)).toEqual([
      { title: "Gradient is All You Need?", abstract: A },
      { title, abstract: B },
    ]);
  });
});

describe("parseDump over prisma/demo", () => {
  const demoDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../prisma/demo");
  const files = readdirSync(demoDir)
    .filter((name) => name.endsWith(".txt"))
    .sort();
  const parsed = files.map((name) => ({
    name,
    listings: parseDump(readFileSync(join(demoDir, name), "utf8")),
  }));
  const all = parsed.flatMap((file) => file.listings);

  it("finds the five dumps", () => {
    expect(files).toHaveLength(5);
  });

  it("parses 578 listings, per file as counted by hand", () => {
    expect(parsed.map((file) => file.listings.length)).toEqual([208, 61, 45, 61, 203]);
    expect(all).toHaveLength(578);
  });

  it("finds 513 unique papers", () => {
    expect(new Set(all.map((listing) => titleKey(listing.title))).size).toBe(513);
  });

  it("starts each file with its first real title", () => {
    expect(parsed.map((file) => file.listings[0]?.title)).toEqual([
      "Imagine while Reasoning in Space: Multimodal Visualization-of-Thought",
      "HelixSurf: A Robust and Efficient Neural Implicit Surface Learning of Indoor Scenes with Iterative Intertwined Regularization",
      "Training-Free Unsupervised Prompt for Vision-Language Models",
      "Cross-Entropy Loss Functions: Theoretical Analysis and Applications",
      "Visualizing Deep Networks by Optimizing with Integrated Gradients",
    ]);
  });

  it("ends each file with its last listing", () => {
    expect(parsed.map((file) => file.listings.at(-1)?.title)).toEqual([
      "Model-Aware Contrastive Learning: Towards Escaping the Dilemmas",
      "Improving the Accuracy-Robustness Trade-Off of Classifiers via Adaptive Smoothing",
      "Early Exit or Not: Resource-Efficient Blind Quality Enhancement for Compressed Images",
      "Minimum Entropy Coupling with Bottleneck",
      "A Statistical Theory of Contrastive Learning via Approximate Sufficient Statistics",
    ]);
  });

  it("leaves no furniture in titles or abstracts", () => {
    const furniture = [
      "new",
      "Subscribe",
      "Get trending papers in your email inbox once a day!",
      "Get trending papers in your email inbox!",
      "byAK and the research community",
    ];
    for (const { title, abstract } of all) {
      expect(furniture).not.toContain(title);
      expect(furniture).not.toContain(abstract);
      expect(title).not.toMatch(/^Subscribe/);
      expect(title).not.toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
    }
  });

  it("has an abstract longer than its title in every listing, all trimmed", () => {
    for (const { title, abstract } of all) {
      expect(abstract.length).toBeGreaterThan(title.length);
      expect(title).toBe(title.trim());
      expect(abstract).toBe(abstract.trim());
      expect(title).not.toBe("");
    }
  });

  it("keeps LaTeX remnants verbatim", () => {
    expect(all.some((listing) => listing.abstract.includes("S{\\o}rensen--Dice Coefficient"))).toBe(true);
    expect(all.some((listing) => listing.abstract.includes("$L(s) = L_0 + Acdot S_1^{-alpha"))).toBe(true);
  });
});
