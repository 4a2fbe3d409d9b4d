import { describe, expect, it } from "vitest";
import { MATCH_END, MATCH_START, escapeHtml, segmentsToHtml, segmentsToText, toSegments } from "@/lib/search/highlight";

const mark = (text: string) => `${MATCH_START}${text}${MATCH_END}`;

describe("toSegments", () => {
  it("splits highlighted text into plain and matched segments", () => {
    expect(toSegments(`We ${mark("distil")} large ${mark("models")}.`)).toEqual([
      { text: "We ", match: false },
      { text: "distil", match: true },
      { text: " large ", match: false },
      { text: "models", match: true },
      { text: ".", match: false },
    ]);
  });

  it("handles a match at the start, adjacent matches and text without any", () => {
    expect(toSegments(`${mark("a")}${mark("b")} c`)).toEqual([
      { text: "a", match: true },
      { text: "b", match: true },
      { text: " c", match: false },
    ]);
    expect(toSegments("no matches")).toEqual([{ text: "no matches", match: false }]);
    expect(toSegments("")).toEqual([]);
  });

  it("uses sentinels that plain text and HTML never produce", () => {
    expect(MATCH_START).toBe("\u27E6");
    expect(MATCH_END).toBe("\u27E7");
    expect(escapeHtml(MATCH_START + MATCH_END)).toBe(MATCH_START + MATCH_END);
  });
});

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
    const text = `x < y & "z" ${mark("w")}`;
    expect(segmentsToText(toSegments(text))).toBe(`x < y & "z" w`);
  });
});
