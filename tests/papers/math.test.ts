import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MathText } from "@/components/math-text";
import { mathSource, splitMath } from "@/lib/papers/math";

const text = (t: string) => ({ kind: "text", text: t });
const math = (tex: string) => ({ kind: "math", tex });

describe("splitMath", () => {
  it("returns plain text as one segment, and nothing for an empty string", () => {
    expect(splitMath("No formulas here.")).toEqual([text("No formulas here.")]);
    expect(splitMath("")).toEqual([]);
  });

  it("finds inline $…$ spans between text", () => {
    expect(splitMath("loss $L = -\\log p$ on $x_i$.")).toEqual([
      text("loss "),
      math("L = -\\log p"),
      text(" on "),
      math("x_i"),
      text("."),
    ]);
    expect(splitMath("$a$")).toEqual([math("a")]);
  });

  it("reads the formula in the demo corpus (backslashes lost by the dump included)", () => {
    const abstract =
      "over training steps (s): $L(s) = L_0 + Acdot S_1^{-alpha} - Ccdot S_2 Where S_1 is forward area and S_2$ is learning rate annealing area. This costs less than 1\\% of";
    expect(splitMath(abstract)).toEqual([
      text("over training steps (s): "),
      math("L(s) = L_0 + Acdot S_1^{-alpha} - Ccdot S_2 Where S_1 is forward area and S_2"),
      text(" is learning rate annealing area. This costs less than 1\\% of"),
    ]);
  });

  it("keeps an unbalanced dollar as text", () => {
    expect(splitMath("a $x")).toEqual([text("a $x")]);
    expect(splitMath("$x$ and $y")).toEqual([math("x"), text(" and $y")]);
    expect(splitMath("ends with $")).toEqual([text("ends with $")]);
  });

  it("does not treat $$ with nothing inside, or dollars around spaces, as math", () => {
    expect(splitMath("empty $$ here")).toEqual([text("empty $$ here")]);
    expect(splitMath("a $ b $ c")).toEqual([text("a $ b $ c")]);
    expect(splitMath("$$ $$")).toEqual([text("$$ $$")]);
  });

  it("leaves prices alone: a closing $ cannot be followed by a digit", () => {
    expect(splitMath("It costs $5 and $10 per run.")).toEqual([text("It costs $5 and $10 per run.")]);
    expect(splitMath("between $5 and $x$")).toEqual([text("between $5 and "), math("x")]);
  });

  it("treats \\$ as a literal dollar, in text and inside math", () => {
    expect(splitMath("pay \\$5 for \\$x\\$")).toEqual([text("pay $5 for $x$")]);
    expect(splitMath("$\\$5$ each")).toEqual([math("\\$5"), text(" each")]);
    // An escaped backslash does not escape the dollar after it.
    expect(splitMath("a \\\\$x$")).toEqual([text("a \\\\"), math("x")]);
  });

  it("reads $$…$$ as display math", () => {
    expect(splitMath("see $$\\sum_i x_i$$ below")).toEqual([
      text("see "),
      { kind: "math", tex: "\\sum_i x_i", display: true },
      text(" below"),
    ]);
  });

  it("never lets math run across a blank line", () => {
    expect(splitMath("a $x\n\ny$ b")).toEqual([text("a $x\n\ny$ b")]);
  });

  it("gives back each formula's source with its delimiters", () => {
    expect(mathSource({ tex: "x^2" })).toBe("$x^2$");
    expect(mathSource({ tex: "x^2", display: true })).toBe("$$x^2$$");
  });
});

describe("<MathText>", () => {
  const render = (source: string) => renderToStaticMarkup(createElement(MathText, { text: source }));

  it("typesets formulas with KaTeX, HTML and MathML, and leaves text as text", () => {
    const html = render("loss $x^2$ & more");
    expect(html).toMatch(/^loss <span><span class="katex">/);
    expect(html).toContain("<math");
    expect(html).toContain('aria-hidden="true"');
    expect(html).toMatch(/ &amp; more$/);
  });

  it("escapes markup in text and in formulas", () => {
    const html = render('<img src=x onerror="alert(1)"> $<script>alert(1)</script>$');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img");
  });

  it("emits no links, styles or classes of the formula's choosing (trust: false)", () => {
    const html = render("$\\href{javascript:alert(1)}{x}$ $\\url{https://evil.example}$ $\\htmlClass{evil}{x}$");
    // The source stays readable as text (the MathML annotation), never as markup.
    expect(html).not.toMatch(/<a[\s>]/);
    expect(html).not.toContain("href=");
    expect(html).not.toContain('class="evil"');
    expect(html).toContain("\\href");
  });

  it("shows the raw $…$ source of a formula KaTeX cannot parse", () => {
    expect(render("bad $\\frac{1}{$ here")).toBe("bad <span>$\\frac{1}{$</span> here");
  });
});
