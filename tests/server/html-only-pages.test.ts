import type { ServerResponse } from "node:http";
import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isHtmlOnlyPage, withoutScripts } from "@/lib/server/html-only-pages";

/** The shape of an App Router page as Next sends it: stylesheet, script preloads, bootstrap scripts, the inline RSC payload. */
function nextPage(body: string): string {
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
    '<link rel="stylesheet" href="/_next/static/chunks/0y7a.css" data-precedence="next"/>',
    '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/310v.js"/>',
    '<link rel="modulepreload" href="/_next/static/chunks/main.js"/>',
    '<script src="/_next/static/chunks/0scz.js" async=""></script>',
    '<script src="/_next/static/chunks/0cz1.js" noModule=""></script>',
    '<title>Paperboy</title><link rel="alternate" type="application/atom+xml" href="/feeds/trending.xml?period=day"/></head>',
    `<body><div hidden=""><!--$--><!--/$--></div>${body}`,
    // Next escapes "<" in its payload as \u003c, so no "</script" can end the element early.
    '<script>(self.__next_f=self.__next_f||[]).push([0])</script>',
    '<script>self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n2:I[\\"\\u003c/script\\u003e\\"]"])</script>',
    '<script id="_R_">self.__next_r="abc"</script></body></html>',
  ].join("");
}

describe("withoutScripts", () => {
  it("takes out every script element and script preload, and keeps the rest byte for byte", () => {
    const body = '<main id="content"><h1>Trending papers</h1><form action="/search" method="get"><input name="q"/></form></main>';
    const stripped = withoutScripts(nextPage(body));
    expect(stripped).not.toMatch(/<script|as="script"|modulepreload|__next_f/);
    expect(stripped).toBe(
      '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>' +
        '<link rel="stylesheet" href="/_next/static/chunks/0y7a.css" data-precedence="next"/>' +
        '<title>Paperboy</title><link rel="alternate" type="application/atom+xml" href="/feeds/trending.xml?period=day"/></head>' +
        `<body><div hidden=""><!--$--><!--/$--></div>${body}</body></html>`,
    );
  });

  it("leaves a page without scripts as it is, <noscript> included", () => {
    const page = "<html><body><noscript>Turn it on</noscript><p>A script is a plan.</p></body></html>";
    expect(withoutScripts(page)).toBe(page);
  });

  it("keeps whatever React rendered from any text: a title or abstract that spells out script tags stays on the page", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom("<script>alert(1)</script>", '</script><script src="x">', "<link as=\"script\">")), (text) => {
        const rendered = renderToStaticMarkup(createElement("article", { title: text }, createElement("h2", null, text), createElement("p", null, text)));
        expect(withoutScripts(nextPage(rendered))).toContain(rendered);
      }),
    );
  });
});

describe("isHtmlOnlyPage", () => {
  afterEach(() => vi.unstubAllEnvs());

  const response = (url: string, contentType = "text/html; charset=utf-8") =>
    ({ req: { url }, getHeader: (name: string) => (name.toLowerCase() === "content-type" ? contentType : undefined) }) as unknown as ServerResponse;

  it("is the trending list's HTML, in production: `/` with or without its parameters, and the paths under /trending/", () => {
    vi.stubEnv("NODE_ENV", "production");
    for (const url of ["/", "/?period=week&page=2", "/trending/day/all/1", "/trending/month/cs.LG/3"]) expect(isHtmlOnlyPage(response(url)), url).toBe(true);
  });

  it("is no other page, not the list's RSC payload (a client-side navigation to it), and nothing in development", () => {
    vi.stubEnv("NODE_ENV", "production");
    for (const url of ["/search?q=diffusion", "/search/results/abc", "/about", "/papers/217868a1d7a6", "/trendingish"]) expect(isHtmlOnlyPage(response(url)), url).toBe(false);
    expect(isHtmlOnlyPage(response("/", "text/x-component"))).toBe(false);
    vi.stubEnv("NODE_ENV", "development");
    expect(isHtmlOnlyPage(response("/"))).toBe(false);
  });
});
