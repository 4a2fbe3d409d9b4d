import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function firstPaperPath(page: Page): Promise<string> {
  await page.goto("/?period=month");
  return (await page.getByTestId("paper-card").first().getByRole("heading").getByRole("link").getAttribute("href"))!;
}

test("search from the header, see highlighted results, open one", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search papers" }).fill("contrastive learning");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=contrastive\+learning/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("results for “contrastive learning”");
  const first = page.getByTestId("paper-card").first();
  await expect(first.locator("mark").first()).toBeVisible();
  const title = (await first.getByRole("heading").getByRole("link").textContent())!;
  await first.getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/papers\/[0-9a-f]{12}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
});

test("'/' focuses the search box, but not while typing in a field", async ({ page }) => {
  await page.goto("/about");
  const box = page.getByRole("searchbox", { name: "Search papers" });
  // The shortcut exists once the page has hydrated: until then "/" does nothing, so press again.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(box).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.type("a/b");
  await expect(box).toHaveValue("a/b");
  // The placeholder names the shortcut once it works.
  await expect(box).toHaveAttribute("placeholder", "Search papers  ( / )");
});

test("a misspelt search suggests and searches the correction", async ({ page }) => {
  await page.goto("/search?q=contrastiv");
  await expect(page.getByText("No results for “contrastiv”. Showing results for")).toBeVisible();
  await expect(page.getByTestId("paper-card").first()).toBeVisible();
});

test("empty and overlong searches get a clear message", async ({ page }) => {
  await page.goto("/search?q=%20%20");
  await expect(page.getByRole("status")).toHaveText("Type something to search for.");
  await page.goto(`/search?q=${"a".repeat(300)}`);
  await expect(page.getByRole("status")).toHaveText("Searches are limited to 256 characters.");
});

test("switch trending tabs", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "This week" }).click();
  await expect(page).toHaveURL(/\?period=week$/);
  await expect(page.getByRole("link", { name: "This week" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("trending-reason").first()).toContainText("votes this week");
  await page.getByRole("link", { name: "This month" }).click();
  await expect(page.getByText("513 papers")).toBeVisible();
});

test("follow the previous and next day links", async ({ page }) => {
  await page.goto("/date");
  await expect(page).toHaveURL(/\/date\/\d{4}-\d{2}-\d{2}$/);
  const latest = page.url();
  await page.getByRole("link", { name: /^← / }).first().click();
  await expect(page).not.toHaveURL(latest);
  await expect(page.getByTestId("paper-card").first()).toBeVisible();
  await page.getByRole("link", { name: / →$/ }).first().click();
  await expect(page).toHaveURL(latest);
});

test("impossible and future dates get the not-found page", async ({ page }) => {
  for (const path of ["/date/2026-02-30", "/date/yesterday", "/date/2999-01-01"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "No list for that date" })).toBeVisible();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the header search and the search options still work", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Search papers" }).fill("reinforcement learning");
    await page.getByRole("searchbox", { name: "Search papers" }).press("Enter");
    await expect(page).toHaveURL(/\/search\?q=reinforcement\+learning/);
    await page.getByLabel("Sort by").selectOption("newest");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/sort=newest/);
    await expect(page.getByTestId("paper-card").first()).toBeVisible();
  });
});

test("no serious or critical accessibility violations on the main pages", async ({ page }) => {
  // A hang guard only: axe takes seconds per page on a loaded two-core machine (six pages here).
  test.setTimeout(120_000);
  const paper = await firstPaperPath(page);
  for (const path of ["/", "/?period=week", "/date", "/search?q=diffusion", paper, "/about"]) {
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("no serious or critical accessibility violations (contrast included)", async ({ page }) => {
    test.setTimeout(120_000); // a hang guard, as above
    const paper = await firstPaperPath(page);
    for (const path of ["/", "/search?q=diffusion", "/date", paper]) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
  });
});
