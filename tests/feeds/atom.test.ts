import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import { renderAtom } from "@/lib/feeds/atom";

const now = new Date("2026-11-23T12:00:00Z");
const base = { selfUrl: "https://papers.example/feeds/x.xml?a=1&b=2", pageUrl: "https://papers.example/x?a=1&b=2", now };

describe("renderAtom", () => {
  it("uses now as updated when there are no entries", () => {
    const feed = parseFeed(renderAtom({ ...base, title: "Empty", entries: [] }));
    expect(feed.items).toHaveLength(0);
    expect(feed.updated?.toISOString()).toBe(now.toISOString());
    expect(feed.self).toBe(base.selfUrl);
    expect(feed.url).toBe(base.pageUrl);
  });

  it("writes a literal &amp; in plain-text elements as itself, not as &", () => {
    // xml-js un-escapes "&amp;" before escaping; renderAtom must cancel that.
    const xml = renderAtom({
      ...base,
      title: "R&amp;D & more",
      entries: [{ url: "https://papers.example/papers/abc", title: "T", summary: "S", authors: ["A&amp;B"], published: now }],
    });
    expect(xml).toContain("<title>R&amp;amp;D &amp; more</title>");
    expect(xml).toContain("<name>A&amp;amp;B</name>");
  });

  it("drops characters XML cannot carry", () => {
    const xml = renderAtom({
      ...base,
      title: "bell\u0007 title",
      entries: [{ url: "https://papers.example/papers/abc", title: "nul\u0001 title", summary: "form\u000cfeed", authors: ["x\u001fy"], published: now }],
    });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const feed = parseFeed(xml);
    expect(feed.title).toBe("bell title");
    expect(feed.items[0]).toMatchObject({ title: "nul title", description: "formfeed" });
  });

  it("escapes query strings in links", () => {
    const xml = renderAtom({ ...base, title: "Links", entries: [] });
    expect(xml).toContain('href="https://papers.example/feeds/x.xml?a=1&amp;b=2"');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#)/);
  });
});
