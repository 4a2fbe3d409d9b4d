// Shared by the security specs: this file's client address, the app's origin, the mail
// outbox, and the server-action forms of a page (their ids, to post them by hand).
import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { outboxRecipientTag } from "../../lib/mail/outbox-mailer";
import { E2E_CRON_SECRET, E2E_PORT, e2eDataDir } from "../e2e/e2e-env";
import { lastMailTo } from "../e2e/sign-in";

export const OWN = `http://127.0.0.1:${E2E_PORT}`;
export const EVIL = "https://evil.example";

/**
 * A client address (X-Forwarded-For) for one spec file: its rate limits count apart from
 * the other specs', which all come from 127.0.0.1.
 */
export const clientAddress = (spec: number) => `198.19.${spec}.${1 + Math.floor(Math.random() * 250)}`;

/** Whether the outbox holds any mail to `address` (file names carry a hash of the recipient). */
export async function anyMailTo(address: string): Promise<boolean> {
  const files = await readdir(path.join(e2eDataDir(E2E_PORT), "outbox")).catch(() => []);
  return files.some((file) => file.endsWith(`-${outboxRecipientTag(address)}.eml`));
}

/** The link of the newest mail to `address` whose subject matches, as a path and query. */
export async function mailedLink(address: string, subject: RegExp, link: RegExp): Promise<string> {
  const mail = await lastMailTo(address, subject);
  const url = new URL(link.exec(mail.text ?? "")![0]);
  return url.pathname + url.search;
}

/** The server-action forms of a page: each one's action id and the names of its fields. */
export async function actionForms(request: APIRequestContext, pagePath: string): Promise<{ id: string; fields: string[] }[]> {
  const html = await (await request.get(pagePath)).text();
  return [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].flatMap(([, body]) => {
    const id = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(body)?.[1];
    return id ? [{ id, fields: [...body.matchAll(/name="([^"$]+)"/g)].map((match) => match[1]) }] : [];
  });
}

/** The id of the page's server-action form that has a field named `field`. */
export async function actionIdWithField(request: APIRequestContext, pagePath: string, field: string): Promise<string> {
  const form = (await actionForms(request, pagePath)).find((candidate) => candidate.fields.includes(field));
  if (!form) throw new Error(`no server-action form with a ${field} field on ${pagePath}`);
  return form.id;
}

/** A server action posted as a form without JavaScript does it (multipart, $ACTION_ID_ field). */
export function postActionForm(request: APIRequestContext, pagePath: string, actionId: string, fields: Record<string, string>, origin: string): Promise<APIResponse> {
  return request.post(pagePath, { headers: { Origin: origin }, multipart: { [`$ACTION_ID_${actionId}`]: "", ...fields }, maxRedirects: 0 });
}

/** A server action as the client router calls it (Next-Action header, the arguments encoded as React does). */
export function postActionFetch(request: APIRequestContext, pagePath: string, actionId: string, fields: Record<string, string>, origin: string): Promise<APIResponse> {
  const encoded = Object.fromEntries(Object.entries(fields).map(([name, value]) => [`1_${name}`, value]));
  return request.post(pagePath, { headers: { Origin: origin, "Next-Action": actionId }, multipart: { ...encoded, 0: '["$K1"]' }, maxRedirects: 0 });
}

/** Runs today's digest through the cron route and waits until it is done. */
export async function runDigest(request: APIRequestContext): Promise<void> {
  const headers = { Authorization: `Bearer ${E2E_CRON_SECRET}` };
  const started = await request.post("/api/cron/digest", { headers });
  expect(started.status()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/cron/digest/runs/${runId}`, { headers })).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe("done");
}
