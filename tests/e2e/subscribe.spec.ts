import { expect, test } from "@playwright/test";
import { E2E_CRON_SECRET } from "./e2e-env";
import { lastMailTo, signIn } from "./sign-in";

test("subscribe from the footer, confirm from the email, receive the digest, unsubscribe in one click", async ({ page, request }) => {
  const address = `reader-${Date.now()}@example.org`;
  await page.goto("/");
  const footer = page.getByRole("contentinfo");
  await footer.getByLabel("Email").fill(address);
  await footer.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/subscribe\?status=check-your-inbox$/);
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  expect(page.url()).not.toContain("example.org");

  const confirmation = await lastMailTo(address, /confirm/i);
  const confirmUrl = /https?:\/\/\S+\/confirm\?token=[\w-]+/.exec(confirmation.text ?? "")![0];
  await page.goto(new URL(confirmUrl).pathname + new URL(confirmUrl).search);
  await page.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(page.getByRole("heading", { name: "You are subscribed" })).toBeVisible();

  const run = await request.post("/api/cron/digest", { headers: { Authorization: `Bearer ${E2E_CRON_SECRET}` } });
  expect(run.status()).toBe(202);
  // The run goes on after the 202, so the digest may take a moment to arrive.
  const digest = await lastMailTo(address, /^Paperboy · /);
  expect(digest.html).toBeTruthy();
  expect(digest.text).toBeTruthy();
  // mailparser gathers the List-* headers into one structured "list" header.
  const list = digest.headers.get("list") as { unsubscribe: { url: string }; "unsubscribe-post": { name: string }; id: { id: string } };
  expect(list["unsubscribe-post"].name).toBe("List-Unsubscribe=One-Click");
  expect(list.id.id).toMatch(/^daily\./);
  const unsubscribeUrl = list.unsubscribe.url;
  expect(unsubscribeUrl).toMatch(/\/api\/unsubscribe\/[\w-]+\.[\w-]+$/);

  // A GET (what a link scanner does) only shows the page with its button.
  await page.goto(new URL(unsubscribeUrl).pathname);
  await expect(page.getByRole("heading", { name: "Unsubscribe from the digest?" })).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
});

test("sign in by magic link, vote, follow a keyword, see both in settings", async ({ page }) => {
  const address = `voter-${Date.now()}@example.org`;
  await signIn(page, address);
  await expect(page.getByText(`Signed in as ${address}`)).toBeVisible();

  await page.getByLabel("New keyword").fill("Diffusion Models");
  await page.getByRole("button", { name: "Follow" }).click();
  await expect(page.getByText("diffusion models", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "results" })).toHaveAttribute("href", /\/search\?q=diffusion\+models/);

  await page.goto("/?period=month");
  await page.getByTestId("paper-card").first().getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/papers\/[0-9a-f]{12}$/);
  const title = (await page.getByRole("heading", { level: 1 }).textContent())!;
  const vote = page.getByRole("button", { name: /votes? · vote$/ });
  const before = Number(/(\d+)/.exec((await vote.textContent())!)![1]);
  await vote.click();
  await expect(page.getByRole("button", { name: new RegExp(`^▲ ${before + 1} votes? · voted$`) })).toBeVisible();

  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Your votes" }).getByRole("link", { name: title })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the subscribe page works and rejects a bad address with a clear message", async ({ page }) => {
    await page.goto("/subscribe");
    const form = page.getByRole("main");
    // The browser's type=email check accepts this; ours wants a domain with a dot.
    await form.getByLabel("Email").fill("someone@localhost");
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect(page.getByRole("alert")).toHaveText("Enter a valid email address, like name@example.org.");
  });
});
