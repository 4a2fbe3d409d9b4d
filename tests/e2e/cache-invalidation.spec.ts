// The trending lists and paper pages read their data from Next's data cache (lib/cache),
// which a vote must expire: the voter sees the vote, and its withdrawal, on the very next
// page, with JavaScript (client-side navigation) and without (forms and full page loads).
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** The card of the paper titled `title` on the list the page shows. */
const cardTitled = (page: Page, title: string) =>
  page.getByTestId("paper-card").filter({ has: page.getByRole("heading").getByRole("link", { name: title, exact: true }) });

/** A card's vote count, from its label ("12 votes"). */
const voteCount = (card: Locator) => card.locator('[aria-label$=" votes"]');

async function votesOn(card: Locator): Promise<number> {
  return Number(/^(\d+) votes$/.exec((await voteCount(card).getAttribute("aria-label")) ?? "")?.[1]);
}

/** The paper page's vote button: "▲ 3 votes · vote", "▲ 4 votes · voted". */
const voteButton = (page: Page, votes: number, state: "vote" | "voted") =>
  page.getByRole("button", { name: `▲ ${votes} ${votes === 1 ? "vote" : "votes"} · ${state}`, exact: true });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a vote and its withdrawal show on the paper page and on the trending list at the next request", async ({ page }) => {
      await signIn(page, `cache-${javaScriptEnabled ? "js" : "no-js"}-${Date.now()}@example.org`);
      // The list as cached before the vote (this visit fills the cache if nothing did yet).
      await mainNav(page).getByRole("link", { name: "Trending" }).click();
      await expect(page).toHaveURL(/\/$/);
      const link = page.getByTestId("paper-card").nth(2).getByRole("heading").getByRole("link");
      const title = (await link.textContent())!.trim();
      const before = await votesOn(cardTitled(page, title));
      expect(before).toBeGreaterThanOrEqual(0);

      await link.click();
      await voteButton(page, before, "vote").click();
      await expect(voteButton(page, before + 1, "voted")).toBeVisible();
      await mainNav(page).getByRole("link", { name: "Trending" }).click();
      await expect(voteCount(cardTitled(page, title))).toHaveAttribute("aria-label", `${before + 1} votes`);

      await cardTitled(page, title).getByRole("heading").getByRole("link").click();
      await voteButton(page, before + 1, "voted").click();
      await expect(voteButton(page, before, "vote")).toBeVisible();
      await mainNav(page).getByRole("link", { name: "Trending" }).click();
      await expect(voteCount(cardTitled(page, title))).toHaveAttribute("aria-label", `${before} votes`);
    });
  });
}

// A search asked again is served from Next's cache too (lib/search/cached-page-path.ts): a
// vote expires every such page, so the voter sees the new count in the results they came from.
test("a vote and its withdrawal show in a search's results at the next request", async ({ page }) => {
  await signIn(page, `cache-search-${Date.now()}@example.org`);
  await page.goto("/");
  const title = (await page.getByTestId("paper-card").nth(1).getByRole("heading").getByRole("link").textContent())!.trim();
  // The title as a phrase: the paper is among the first results.
  const search = `/search?q=${encodeURIComponent(`"${title}"`)}`;
  // The first request renders per request, the second the cached page, which the third is served from.
  await page.goto(search);
  const before = await votesOn(cardTitled(page, title));
  await page.goto(search);
  expect((await page.goto(search))!.headers()["x-nextjs-cache"]).toMatch(/^(HIT|STALE)$/);
  expect(await votesOn(cardTitled(page, title))).toBe(before);

  await cardTitled(page, title).getByRole("heading").getByRole("link").click();
  await voteButton(page, before, "vote").click();
  await expect(voteButton(page, before + 1, "voted")).toBeVisible();
  await page.goto(search);
  await expect(voteCount(cardTitled(page, title))).toHaveAttribute("aria-label", `${before + 1} votes`);

  await cardTitled(page, title).getByRole("heading").getByRole("link").click();
  await voteButton(page, before + 1, "voted").click();
  await expect(voteButton(page, before, "vote")).toBeVisible();
  await page.goto(search);
  await expect(voteCount(cardTitled(page, title))).toHaveAttribute("aria-label", `${before} votes`);
});

// The list's ETag is made once per version of the page (lib/server/body-versions.ts), not by Next.
test("a browser holding the unchanged list gets a 304 with no body, and after a vote the new list", async ({ page, request }) => {
  // As a browser revalidates what it holds: If-None-Match, and max-age=0 rather than no-cache.
  const revalidate = (etag: string) => request.get("/", { headers: { "If-None-Match": etag, "Cache-Control": "max-age=0" } });
  const etag = (await request.get("/")).headers()["etag"];
  expect(etag).toMatch(/^"[\w-]+"$/);
  const unchanged = await revalidate(etag);
  expect(unchanged.status()).toBe(304);
  expect((await unchanged.body()).length).toBe(0);
  expect(unchanged.headers()["etag"]).toBe(etag);

  await signIn(page, `etag-${Date.now()}@example.org`);
  await page.goto("/");
  const link = page.getByTestId("paper-card").first().getByRole("heading").getByRole("link");
  const before = await votesOn(cardTitled(page, (await link.textContent())!.trim()));
  await link.click();
  await voteButton(page, before, "vote").click();
  await expect(voteButton(page, before + 1, "voted")).toBeVisible();

  const changed = await revalidate(etag);
  expect(changed.status()).toBe(200);
  expect(changed.headers()["etag"]).not.toBe(etag);
  expect(await changed.text()).toContain(`${before + 1} votes`);
  // Leave the votes as they were for the tests after this one.
  await voteButton(page, before + 1, "voted").click();
  await expect(voteButton(page, before, "vote")).toBeVisible();
});
