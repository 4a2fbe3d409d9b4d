// The paper page's links render http(s) only, whatever a row holds: ingest refuses other
// schemes (lib/ingest/record.ts), and this is the second line for rows written any other way.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PaperLinks } from "@/components/paper-links";
import { isHttpUrl } from "@/lib/papers/links";

describe("isHttpUrl", () => {
  it.each(["https://github.com/a/b", "http://example.org/x?y=1"])("takes %s", (url) => expect(isHttpUrl(url)).toBe(true));
  it.each(["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x", "/papers/abc", "not a url", ""])(
    "refuses %j",
    (url) => expect(isHttpUrl(url)).toBe(false),
  );
});

describe("PaperLinks", () => {
  it("leaves out every stored link that is not http(s)", () => {
    const html = renderToStaticMarkup(
      PaperLinks({ arxivId: null, links: ["javascript:alert(1)", "https://github.com/a/b", "data:text/html,x", "https://example.org/project"] })!,
    );
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(["https://github.com/a/b", "https://example.org/project"]);
  });
});
