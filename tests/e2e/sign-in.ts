// Signing in as the browser tests do it: by the magic link the app writes to its outbox.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";
import { E2E_PORT, e2eDataDir } from "./e2e-env";

const outbox = path.join(e2eDataDir(E2E_PORT), "outbox");

/** The newest message in the app's outbox sent to `address` (whose subject matches), waiting up to 10 s. */
export async function lastMailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // The outbox writes ".<name>.eml.partial" and renames it when complete: only whole mails are read.
    const files = (await readdir(outbox).catch(() => []))
      .filter((file) => file.endsWith(".eml") && !file.startsWith("."))
      .sort()
      .reverse();
    for (const file of files) {
      const mail = await simpleParser(await readFile(path.join(outbox, file)));
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      if (to?.value[0]?.address === address && subject.test(mail.subject ?? "")) return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${address} in ${outbox}`);
}

/** Asks for a sign-in link for `address`, opens it and signs in; ends on /settings. */
export async function signIn(page: Page, address: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("main").getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  const mail = await lastMailTo(address, /sign/i);
  const link = new URL(/https?:\/\/\S+\/sign-in\/callback\?token=[\w-]+/.exec(mail.text ?? "")![0]);
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
}
