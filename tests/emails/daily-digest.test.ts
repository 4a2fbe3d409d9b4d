import { render } from "@react-email/render";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { formatAuthors, truncate } from "@/emails/components/format";
import { safeHref } from "@/emails/components/safe-link";
import { DailyDigest, dailyDigestSubject, type DailyDigestProps, type DigestPaper } from "@/emails/daily-digest";
import { plainBody } from "@/lib/mail/prepared-body";
import {
  digestTemplate,
  personalize,
  personalizeTemplate,
  PREFERENCES_PLACEHOLDER,
  renderDailyDigest,
  UNSUBSCRIBE_PLACEHOLDER,
  type DailyDigestContent,
} from "@/emails/render";

const LONG_ABSTRACT =
  "We study how diffusion language models trade inference compute for quality. Allowing more denoising steps " +
  "at test time improves reasoning benchmarks by up to twelve points, and a learned schedule matches a fixed one " +
  "at half the cost. THE-TAIL-SHOULD-NOT-APPEAR in the mail because it is past the cut.";

function paper(n: number, overrides: Partial<DigestPaper> = {}): DigestPaper {
  return {
    id: `2611.0000${n}`,
    title: `Paper number ${n}`,
    authors: [`Author ${n}`],
    abstract: `Abstract of paper ${n}.`,
    votes: 10 * n,
    url: `https://paperboy.example/papers/2611.0000${n}`,
    ...overrides,
  };
}

function content(overrides: Partial<DailyDigestContent> = {}): DailyDigestContent {
  return {
    date: "2026-11-23",
    papers: [paper(1), paper(2), paper(3)],
    forYou: [],
    keywords: [],
    viewInBrowserUrl: "https://paperboy.example/digest/2026-11-23",
    ...overrides,
  };
}

describe("dailyDigestSubject", () => {
  it("names the date and the top paper", () => {
    expect(dailyDigestSubject("2026-11-23", "Attention Is All You Need")).toBe(
      "Paperboy · Nov 23, 2026: Attention Is All You Need",
    );
    expect(dailyDigestSubject("2026-11-23")).toBe("Paperboy · Nov 23, 2026");
    expect(dailyDigestSubject("2026-11-23", "  ")).toBe("Paperboy · Nov 23, 2026");
  });

  it("cuts a long title at a word and keeps the subject on one line", () => {
    const title = "A Very Long Title\nAbout Many Things ".repeat(10);
    const subject = dailyDigestSubject("2026-01-02", title);
    expect(subject).toMatch(/^Paperboy · Jan 2, 2026: A Very Long Title About Many Things A Very/);
    expect(subject).toMatch(/[a-z]…$/);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBeLessThanOrEqual("Paperboy · Jan 2, 2026: ".length + 81);
  });

  it("refuses anything but a real YYYY-MM-DD day", () => {
    for (const bad of ["2026-02-30", "23/11/2026", "2026-11-23T10:00:00Z", ""]) {
      expect(() => dailyDigestSubject(bad)).toThrow(/YYYY-MM-DD/);
    }
  });
});

describe("text shaping", () => {
  it("truncates at a word boundary with an ellipsis, only when needed", () => {
    expect(truncate("short\n  text", 220)).toBe("short text");
    const cut = truncate(LONG_ABSTRACT, 220);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(221);
    const head = cut.slice(0, -1);
    expect(LONG_ABSTRACT.startsWith(head)).toBe(true);
    expect(LONG_ABSTRACT[head.length]).toMatch(/[\s,.]/);
  });

  it("cuts through a single overlong word without splitting a surrogate pair", () => {
    expect(truncate("a".repeat(300), 10)).toBe(`${"a".repeat(10)}…`);
    const emoji = "😀".repeat(20);
    const cut = truncate(emoji, 5);
    expect(cut).toBe(`${"😀".repeat(5)}…`);
  });

  it("lists six authors then et al.", () => {
    expect(formatAuthors([])).toBe("");
    expect(formatAuthors(["A", "B"])).toBe("A, B");
    expect(formatAuthors(["A", "B", "C", "D", "E", "F", "G"])).toBe("A, B, C, D, E, F et al.");
  });

  it("lets only http(s) URLs through safeHref", () => {
    expect(safeHref("https://paperboy.example/x?a=1&b=2")).toBe("https://paperboy.example/x?a=1&b=2");
    expect(safeHref("http://example.org")).toBe("http://example.org");
    for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "/papers/1", "", "mailto:a@b.c"]) {
      expect(safeHref(bad), bad).toBe("#");
    }
  });
});

describe("DailyDigest", () => {
  it("shows each paper with its link, authors, cut abstract and votes, in HTML and text", async () => {
    const authors = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Leslie"];
    const mail = await renderDailyDigest(
      content({ papers: [paper(1, { authors, abstract: LONG_ABSTRACT, votes: 1204 }), paper(2, { votes: 1, authors: [] })] }),
    );

    expect(mail.subject).toBe("Paperboy · Nov 23, 2026: Paper number 1");
    expect(mail.html).toContain('href="https://paperboy.example/papers/2611.00001"');
    expect(mail.html).toContain("Monday, November 23, 2026");
    expect(mail.html).toContain('href="https://paperboy.example/digest/2026-11-23"');
    expect(mail.html).toContain("View in browser");
    expect(mail.html).toContain("Ada, Alan, Grace, Edsger, Barbara, Donald et al.");
    expect(mail.html).not.toContain("Leslie");
    expect(mail.html).toContain("1,204 votes");
    expect(mail.html).toContain(">1 vote<");
    expect(mail.html).toContain("a fixed one at…");
    expect(mail.html).not.toContain("THE-TAIL-SHOULD-NOT-APPEAR");
    expect(mail.html).toContain("Trending today");
    expect(mail.html).not.toContain("For you");

    // Readable text: title and bare URL on one line, then authors, abstract, votes.
    expect(mail.text).toContain(
      "1. Paper number 1 https://paperboy.example/papers/2611.00001\n\nAda, Alan, Grace, Edsger, Barbara, Donald et al.\n\nWe study",
    );
    expect(mail.text).toContain("a fixed one at…\n\n1,204 votes");
    // No authors line for a paper without authors.
    expect(mail.text).toContain("2. Paper number 2 https://paperboy.example/papers/2611.00002\n\nAbstract of paper 2.\n\n1 vote");
    expect(mail.text).toContain("View in browser https://paperboy.example/digest/2026-11-23");
    expect(mail.text).toContain("Trending today"); // not upper-cased by the converter
    expect(mail.text).not.toContain("<");
  });

  it("shows the For you section and its keywords only when there are papers for it", async () => {
    const withSection = await renderDailyDigest(
      content({ forYou: [paper(7, { title: "A robotics paper" })], keywords: ["robotics", "imitation learning"] }),
    );
    expect(withSection.html).toContain("For you");
    expect(withSection.text).toContain("For you\n\nMatching your keywords: robotics, imitation learning\n\nA robotics paper https://paperboy.example/papers/2611.00007");

    const noKeywords = await renderDailyDigest(content({ forYou: [paper(7)], keywords: [] }));
    expect(noKeywords.html).toContain("For you");
    expect(noKeywords.html).not.toContain("Matching your keywords");

    const hidden = await renderDailyDigest(content({ forYou: [], keywords: ["robotics"] }));
    expect(hidden.html).not.toContain("For you");
    expect(hidden.html).not.toContain("robotics");

    const many = await renderDailyDigest(content({ forYou: [paper(7)], keywords: "abcdefghij".split("") }));
    expect(many.text).toContain("Matching your keywords: a, b, c, d, e, f, g, h and 2 more");
  });

  it("leads with For you when there is no trending list (a keywords-only subscriber)", async () => {
    const mail = await renderDailyDigest(content({ papers: [], forYou: [paper(7, { title: "A robotics paper" })], keywords: ["robotics"] }));
    expect(mail.subject).toBe("Paperboy · Nov 23, 2026: A robotics paper");
    expect(mail.html).not.toContain("Trending today");
    expect(mail.html).not.toContain("No papers trended today");
    expect(mail.text).toContain("For you\n\nMatching your keywords: robotics\n\nA robotics paper https://paperboy.example/papers/2611.00007");
  });

  it("says so when nothing trended", async () => {
    const mail = await renderDailyDigest(content({ papers: [] }));
    expect(mail.subject).toBe("Paperboy · Nov 23, 2026");
    expect(mail.text).toContain("No papers trended today.");
  });

  it("fails to render with an invalid date", async () => {
    await expect(renderDailyDigest(content({ date: "2026-13-01" }))).rejects.toThrow(/YYYY-MM-DD/);
  });

  it("escapes hostile titles and abstracts in HTML and keeps them literal in text", async () => {
    const title = `<script>alert(1)</script> & "quotes" O'Brien`;
    const abstract = `We show $a<b$ & $\\frac{1}{2}$ <img src=x onerror=alert(1)>.`;
    const mail = await renderDailyDigest(content({ papers: [paper(1, { title, abstract, authors: ["<b>Eve</b>"] })] }));

    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>Eve");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
    expect(mail.html).toContain("$a&lt;b$ &amp; $\\frac{1}{2}$ &lt;img src=x onerror=alert(1)&gt;");

    expect(mail.subject).toBe(`Paperboy · Nov 23, 2026: ${title}`);
    expect(mail.text).toContain(`1. ${title} https://paperboy.example/papers/2611.00001`);
    expect(mail.text).toContain(abstract);
    expect(mail.text).toContain("<b>Eve</b>");
  });

  it("neutralises non-http(s) links", async () => {
    const mail = await renderDailyDigest(
      content({
        papers: [paper(1, { url: "javascript:alert(document.cookie)" }), paper(2, { url: "data:text/html,<script>x</script>" })],
        viewInBrowserUrl: "JAVASCRIPT:alert(2)",
      }),
    );
    expect(mail.html.toLowerCase()).not.toContain("javascript:");
    expect(mail.html).not.toContain("data:text");
    expect(mail.html).toContain('href="#"');
    expect(mail.text.toLowerCase()).not.toContain("javascript:");
    expect(mail.text).toContain("1. Paper number 1\n");
  });
});

describe("rendering once and personalizing per subscriber", () => {
  // & and " must become &amp; and &quot; in the href; $& and $' would be replacement
  // patterns for String.replace.
  const links = {
    unsubscribeUrl: `https://paperboy.example/unsubscribe?token=a&sig="x'y"&z=$&$'<>`,
    preferencesUrl: "https://paperboy.example/preferences?token=a&b=c",
  };

  it("renders with the placeholders in every link that belongs to one subscriber", async () => {
    const mail = await renderDailyDigest(content());
    expect(mail.html).toContain(`href="${UNSUBSCRIBE_PLACEHOLDER}"`);
    expect(mail.html).toContain(`href="${PREFERENCES_PLACEHOLDER}"`);
    expect(mail.text).toContain(`Manage preferences ${PREFERENCES_PLACEHOLDER} · Unsubscribe ${UNSUBSCRIBE_PLACEHOLDER}`);
  });

  it("leaves no placeholder behind and escapes the URL for the HTML attribute, raw in text", async () => {
    const mail = personalize(await renderDailyDigest(content()), links);
    for (const body of [mail.html, mail.text]) {
      expect(body).not.toContain(UNSUBSCRIBE_PLACEHOLDER);
      expect(body).not.toContain(PREFERENCES_PLACEHOLDER);
      expect(body).not.toContain("paperboy.invalid");
    }
    expect(mail.html).toContain(
      'href="https://paperboy.example/unsubscribe?token=a&amp;sig=&quot;x&#x27;y&quot;&amp;z=$&amp;$&#x27;&lt;&gt;"',
    );
    expect(mail.html).toContain('href="https://paperboy.example/preferences?token=a&amp;b=c"');
    expect(mail.text).toContain(`Unsubscribe ${links.unsubscribeUrl}`);
    expect(mail.text).toContain(`Manage preferences ${links.preferencesUrl}`);
  });

  it("gives exactly what rendering with the subscriber's own links gives", async () => {
    const props: DailyDigestProps = { ...content({ forYou: [paper(5)], keywords: ["x"] }), ...links };
    const direct = await render(createElement(DailyDigest, props));
    const personalized = personalize(await renderDailyDigest(props), links);
    expect(personalized.html).toBe(direct);
    expect(personalized.text).toBe(
      await render(createElement(DailyDigest, props), {
        plainText: true,
        htmlToTextOptions: { selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })) },
      }),
    );
  });

  it("puts # rather than a non-http(s) link in", async () => {
    const mail = personalize(await renderDailyDigest(content()), {
      unsubscribeUrl: "javascript:alert(1)",
      preferencesUrl: "https://paperboy.example/preferences",
    });
    expect(mail.html.toLowerCase()).not.toContain("javascript:");
    expect(mail.html).not.toContain(UNSUBSCRIBE_PLACEHOLDER);
  });

  it("encoded once (digestTemplate), decodes to what personalize() gives, links escaped and guarded the same way", async () => {
    const rendered = await renderDailyDigest(content({ forYou: [paper(5)], keywords: ["x"] }));
    const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
    for (const subscriber of [links, { unsubscribeUrl: "javascript:alert(1)", preferencesUrl: "https://paperboy.example/p" }]) {
      const expected = personalize(rendered, subscriber);
      const mail = personalizeTemplate(digestTemplate(rendered), subscriber);
      expect(mail.subject).toBe(expected.subject);
      expect(plainBody(mail.body)).toEqual({ html: crlf(expected.html), text: crlf(expected.text) });
    }
  });

  it("has preview props that render", async () => {
    const { unsubscribeUrl, preferencesUrl, ...rest } = DailyDigest.PreviewProps;
    const mail = personalize(await renderDailyDigest(rest), { unsubscribeUrl, preferencesUrl });
    expect(mail.html).toContain(`href="${unsubscribeUrl}"`);
    expect(mail.subject).toContain("Nov 23, 2026");
  });
});
