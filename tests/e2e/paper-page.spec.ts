import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { paperIdFor } from "../../lib/papers/paper-id";
import { titleKey } from "../../lib/papers/title-key";

// A demo paper whose abstract has a `$…$` formula; demo ids derive from the title.
const TITLE = "Scaling Law with Learning Rate Annealing";
const ID = paperIdFor(titleKey(TITLE));

test("a paper page typesets its formula and carries its meta tags", async ({ page }) => {
  await page.goto(`/papers/${ID}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page.locator("article .katex").first()).toBeVisible();
  // MathML for assistive technology, alongside the visible HTML rendering.
  await expect(page.locator("article .katex math")).toHaveCount(1);
  await expect(page.getByRole("article")).not.toContainText("$L(s)");

  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", TITLE);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", /^We find that the cross-entropy loss/);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `/papers/${ID}`);
  const description = await page.locator('meta[name="description"]').getAttribute("content");
  expect(description!.length).toBeLessThanOrEqual(201);
});

test("similar papers link to up to five other papers", async ({ page }) => {
  await page.goto(`/papers/${ID}`);
  await expect(page.getByRole("heading", { level: 2, name: "Similar papers" })).toBeVisible();
  const links = page.getByTestId("similar-papers").getByRole("link");
  const count = await links.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(5);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
    expect(href).toMatch(/^\/papers\/[0-9a-f]{12}$/);
    expect(href).not.toBe(`/papers/${ID}`);
  }
  const first = (await links.first().textContent())!.trim();
  await links.first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
});

test("the Cite box opens without JavaScript and the .bib downloads", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/papers/${ID}`);
  const details = page.getByTestId("cite-bibtex");
  await expect(details.locator("pre")).toBeHidden();
  await details.getByText("BibTeX").click();
  await expect(details.locator("pre")).toBeVisible();
  await expect(details.locator("pre")).toContainText("@misc{");
  await expect(details.locator("pre")).toContainText(`title = {{${TITLE}}}`);

  const link = page.getByRole("link", { name: /^Download .*\.bib$/ });
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/x-bibtex; charset=utf-8");
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="paperboy${ID}.bib"`);
  expect(await response.text()).toBe((await details.locator("pre").textContent())!);
  await context.close();
});

test("the paper page has no accessibility violations", async ({ page }) => {
  await page.goto(`/papers/${ID}`);
  await page.getByTestId("cite-bibtex").getByText("BibTeX").click();
  const results = await new AxeBuilder({ page }).include("article").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("the JSON route returns the paper and its similar papers", async ({ request }) => {
  const response = await request.get(`/api/papers/${ID}`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ id: ID, arxivId: null, title: TITLE, authors: [], links: [] });
  // Absolute, like every JSON route's url (APP_URL, else the request's origin).
  expect(body.url).toMatch(new RegExp(`^http://[^/]+/papers/${ID}$`));
  expect(body.abstract).toContain("$L(s)");
  expect(Number.isNaN(Date.parse(body.publishedAt))).toBe(false);
  expect(body.votes).toBeGreaterThan(0);
  expect(body.similar.length).toBeGreaterThan(0);
  expect(body.similar.length).toBeLessThanOrEqual(5);
  for (const similar of body.similar) {
    expect(Object.keys(similar).sort()).toEqual(["id", "publishedAt", "title", "url", "votes"]);
    expect(similar.url).toMatch(new RegExp(`^http://[^/]+/papers/${similar.id}$`));
    expect(similar.id).not.toBe(ID);
  }
});

test("unknown or malformed ids get a 404 from the JSON and BibTeX routes", async ({ request }) => {
  for (const id of ["ffffffffffff", "not-an-id", "FFFFFFFFFFFF"]) {
    const json = await request.get(`/api/papers/${id}`);
    expect(json.status()).toBe(404);
    expect(await json.json()).toEqual({ error: "paper not found" });
    const bib = await request.get(`/papers/${id}/bibtex`);
    expect(bib.status()).toBe(404);
    expect(await bib.text()).toBe("paper not found\n");
  }
});
