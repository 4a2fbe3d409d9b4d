import { describe, expect, it } from "vitest";
import { segmentsToHtml, segmentsToText } from "@/lib/search/highlight";
import { markMatches } from "@/lib/search/mark-matches";

describe("segmentsToHtml", () => {
  it("escapes <script>, &, and both quotes outside matches", () => {
    expect(segmentsToHtml([{ text: `<script>alert("x")</script> & 'y'`, match: false }])).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
    );
  });

  it("escapes inside matches too, and wraps only matches in <mark>", () => {
    const segments = [
      { text: "a <b>", match: false },
      { text: `<img src=x onerror="alert('1')">&`, match: true },
      { text: " end", match: false },
    ];
    expect(segmentsToHtml(segments)).toBe(
      "a &lt;b&gt;<mark>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</mark> end",
    );
  });

  it("does not double-escape text that looks like an entity", () => {
    expect(segmentsToHtml([{ text: "&amp; &lt;", match: false }])).toBe("&amp;amp; &amp;lt;");
  });

  it("round-trips to the same text with segmentsToText", () => {
    const text = `x < y & "z" w`;
    expect(segmentsToText(markMatches(text, ["w"]))).toBe(text);
  });
});
