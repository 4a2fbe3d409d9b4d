import { expect, test } from "@playwright/test";

test("the home page lists the demo papers ranked by trending; this month holds all 513", async ({ page }) => {
  await page.goto("/?period=month");
  await expect(page.getByRole("heading", { level: 1, name: "Trending papers" })).toBeVisible();
  await expect(page.getByText("513 papers")).toBeVisible();
  const cards = page.getByTestId("paper-card");
  await expect(cards).toHaveCount(30);
  await expect(cards.first()).toContainText("1.");
  await expect(cards.first()).toContainText("votes");
});

test("the trending list loads no JavaScript, and its tabs, pages and search box work as links and forms", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  await page.goto("/");
  await page.getByRole("navigation", { name: "Trending period" }).getByRole("link", { name: "This month" }).click();
  await expect(page).toHaveURL(/\/\?period=month$/);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/\?period=month&page=2$/);
  await expect(page.getByTestId("paper-card").first()).toContainText("31.");
  expect(scripts).toEqual([]);

  // No shortcut here, and the placeholder offers none.
  const box = page.getByRole("searchbox", { name: "Search papers" });
  await expect(box).toHaveAttribute("placeholder", "Search papers");
  await box.fill("diffusion");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=diffusion$/);
  await expect(page.getByTestId("paper-card").first()).toBeVisible();
});

test("pagination reaches the last of the 513 papers", async ({ page }) => {
  await page.goto("/?period=month&page=18");
  const cards = page.getByTestId("paper-card");
  await expect(cards).toHaveCount(513 - 17 * 30);
  await expect(cards.last()).toContainText("513.");
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);
});

test("clicking a paper opens its page with the whole abstract", async ({ page }) => {
  await page.goto("/");
  const firstTitle = page.getByTestId("paper-card").first().getByRole("heading").getByRole("link");
  const title = (await firstTitle.textContent())!.trim();
  await firstTitle.click();
  await expect(page).toHaveURL(/\/papers\/[0-9a-f]{12}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("heading", { name: "Abstract" })).toBeVisible();
  await expect(page).toHaveTitle(`${title} · Paperboy`);
});

test("an unknown paper id gets the 404 page", async ({ page }) => {
  for (const path of ["/papers/ffffffffffff", "/papers/not-an-id"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("the health route reports the database and the paper count", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok", papers: 513 });
});
