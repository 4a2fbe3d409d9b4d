// Which searches go to Next's page cache (proxy.ts): only one asked again within the window.
import { describe, expect, it } from "vitest";
import { createRepeatedSearches } from "@/lib/search/repeated-searches";

describe("createRepeatedSearches", () => {
  const clock = () => {
    const time = { ms: 1_000 };
    return { time, now: () => time.ms };
  };

  it("says no to a search's first request and yes to the next ones, each search on its own", () => {
    const searches = createRepeatedSearches({ now: clock().now });
    expect(searches.askedAgain("a")).toBe(false);
    expect(searches.askedAgain("a")).toBe(true);
    expect(searches.askedAgain("a")).toBe(true);
    expect(searches.askedAgain("b")).toBe(false);
  });

  it("forgets a search not asked for a whole window, but not one asked steadily", () => {
    const { time, now } = clock();
    const searches = createRepeatedSearches({ windowMs: 60_000, now });
    searches.askedAgain("steady");
    searches.askedAgain("once");
    for (let step = 0; step < 4; step += 1) {
      time.ms += 40_000;
      expect(searches.askedAgain("steady")).toBe(true);
    }
    expect(searches.askedAgain("once")).toBe(false);
  });

  it("remembers a bounded number of searches, the least recently asked forgotten first", () => {
    const searches = createRepeatedSearches({ max: 2, now: clock().now });
    searches.askedAgain("a");
    searches.askedAgain("b");
    searches.askedAgain("a");
    searches.askedAgain("c"); // b goes: asked least recently
    expect(searches.askedAgain("a")).toBe(true);
    expect(searches.askedAgain("b")).toBe(false);
  });
});
