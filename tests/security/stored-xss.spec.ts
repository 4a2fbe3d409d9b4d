// Stored XSS (issue 8, "Hostile input"): papers whose title, abstract, authors, comment
// and links carry script tags, event handlers, javascript:/data: URLs, broken HTML and
// LaTeX (\href{javascript:…}, KaTeX macros) are ingested the way an operator does it
// (`npm run ingest`, from tests/fixtures/hostile in three of its formats) into the e2e
// server's database. Chromium then visits every page and feed that shows them: no script
// of theirs runs (with the CSP bypassed, so escaping alone is what is tested, and with it,
// where nothing may even be reported as blocked), their text shows literally, and every
// link points to http(s) only.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_PORT, e2eDatabaseUrlFile } from "../e2e/e2e-env";
import { signIn } from "../e2e/sign-in";
import { startFixtureServer } from "../helpers/fixture-http";
import { OWN, clientAddress } from "./http";

const run = promisify(execFile);
const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "hostile");
const DAY_MS = 86_400_000;
// Yesterday (UTC): young enough for Today's trending list, a day no other spec lists.
const DAY = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
const PUBLISHED = `${DAY}T10:00:00.000Z`;
/** The word every hostile paper has in its title, to search for them. */
const MARKER = "xsshostile";
// Search is rate-limited per client address: this spec's own.
const CLIENT = clientAddress(23);

test.use({ extraHTTPHeaders: { "X-Forwarded-For": CLIENT } });
test.describe.configure({ mode: "serial", timeout: 240_000 });

/** Text that must show literally wherever the paper is listed (cards, digest). */
const LISTED_TEXT = [
  'Xsshostile routers <script>__xss("hf-title-script")</script> that <img src=x onerror=__xss("hf-title-img")> schedule',
  "Xsshostile broken <b><i>markup</a></div></h2><!-- never closed <style>body{display:none}</style>",
  'Xsshostile Atom <script>__xss("atom-title")</script>',
  `Xsshostile JSONL <a href="javascript:__xss('jsonl-title')">paper</a>`,
];

type Paper = { id: string; title: string; arxivId: string | null };
let papers: Paper[] = [];

async function databaseUrl(): Promise<string> {
  return (await readFile(e2eDatabaseUrlFile(E2E_PORT), "utf8")).trim();
}

/** `npm run ingest -- <args>` against the app's database; its output, for the log. */
async function ingest(args: string[], env: Record<string, string>): Promise<string> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/ingest.ts", ...args], {
      env: { ...process.env, ...env, DEMO_DATA: "off" },
      timeout: 180_000,
    });
    return stdout + stderr;
  } catch (error) {
    // execFile's message holds stderr (the progress bar) only: the run's own line, which
    // says why it failed, is on stdout.
    const { stdout = "", signal = null } = error as { stdout?: string; signal?: string | null };
    throw new Error(`${(error as Error).message}
signal: ${signal}
${stdout}`);
  }
}

/** Logs in in its own context and votes for `paperId`: a vote expires the cached trending lists. */
async function voteFor(browser: Browser, paperId: string): Promise<void> {
  const context = await browser.newContext({ baseURL: OWN, extraHTTPHeaders: { "X-Forwarded-For": CLIENT } });
  const page = await context.newPage();
  await signIn(page, `xss-voter-${Date.now()}@example.org`);
  await page.goto(`/papers/${paperId}`);
  await page.getByRole("button", { name: /· vote$/ }).click();
  await expect(page.getByRole("button", { name: /· voted$/ })).toBeVisible();
  await context.close();
}

test.beforeAll(async ({ browser }) => {
  // Three ingest runs (each a tsx start-up), a sign-in and a vote, on a loaded machine.
  test.setTimeout(240_000);
  const url = await databaseUrl();
  // The recorded API responses, dated yesterday, served as arXiv and Hugging Face would.
  const daily = (JSON.parse(await readFile(path.join(FIXTURES, "daily_papers.json"), "utf8")) as { paper: { publishedAt: string }; publishedAt: string }[]).map(
    (item) => ({ ...item, publishedAt: PUBLISHED, paper: { ...item.paper, publishedAt: PUBLISHED } }),
  );
  const atom = (await readFile(path.join(FIXTURES, "arxiv.atom"), "utf8")).replace(/2026-11-20T10:00:00Z/g, PUBLISHED);
  const server = await startFixtureServer((request) => {
    if (request.pathname.endsWith("/api/query")) return { body: atom, type: "application/atom+xml" };
    if (request.pathname.endsWith("/api/daily_papers")) return { body: JSON.stringify(daily), type: "application/json" };
    return null;
  });
  const lines = (await readFile(path.join(FIXTURES, "papers.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.stringify({ ...(JSON.parse(line) as object), publishedAt: PUBLISHED }));
  const jsonl = path.join(tmpdir(), `paperboy-hostile-${process.pid}.jsonl`);
  await writeFile(jsonl, `${lines.join("\n")}\n`);
  try {
    const env = { DATABASE_URL: url, HF_DAILY_PAPERS_URL: `${server.origin}/api/daily_papers`, ARXIV_API_URL: `${server.origin}/api/query` };
    const outputs = await Promise.all([
      ingest(["hf-daily", "--date", DAY], env),
      ingest(["arxiv", "--categories", "cs.LG", "--from", DAY, "--to", DAY], env),
      ingest(["jsonl", jsonl], env),
    ]);
    console.log(outputs.join("\n"));
  } finally {
    await server.close();
    await rm(jsonl, { force: true });
  }

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<Paper>(
      `SELECT id, title, arxiv_id AS "arxivId" FROM papers WHERE title ILIKE $1 ORDER BY arxiv_id NULLS LAST`,
      [`${MARKER}%`],
    );
    papers = rows;
    expect(papers.map((paper) => paper.arxivId)).toEqual(["2611.99001", "2611.99002", "2611.99003", "2611.99004", null]);
    // The digest's "view in browser" page of that day lists them all, as a sent edition would.
    await db.query(
      `INSERT INTO digest_editions (date, paper_ids, created_at) VALUES ($1::date, $2, now())
       ON CONFLICT (date) DO UPDATE SET paper_ids = EXCLUDED.paper_ids`,
      [DAY, papers.map((paper) => paper.id)],
    );
  } finally {
    await db.end();
  }
  await voteFor(browser, papers[0]!.id);
});

/** Every page that shows the hostile papers, and which of their texts it must show literally. */
function pages(): { path: string; texts: string[] }[] {
  const byArxiv = (arxivId: string | null) => papers.find((paper) => paper.arxivId === arxivId)!.id;
  return [
    { path: "/", texts: LISTED_TEXT.slice(0, 2) },
    { path: "/?period=week", texts: LISTED_TEXT.slice(0, 2) },
    { path: `/date/${DAY}`, texts: LISTED_TEXT },
    // Each search twice: its first request renders per request, the next its page in Next's cache (lib/search/repeated-searches.ts).
    ...[1, 2].flatMap(() => [
      { path: `/search?q=${MARKER}`, texts: ['<img src=x onerror=__xss("hf-author-img")>'] },
      { path: `/search?q=${encodeURIComponent(`${MARKER} <img src=x onerror=__xss("query")>`)}`, texts: ['<img src=x onerror=__xss("query")>'] },
    ]),
    { path: `/digest/${DAY}`, texts: LISTED_TEXT },
    {
      path: `/papers/${byArxiv("2611.99001")}`,
      texts: [LISTED_TEXT[0]!, '<img src=x onerror=__xss("hf-author-img")>', `"><script>__xss("hf-author-script")</script>`, "Robert'); DROP TABLE papers;--"],
    },
    { path: `/papers/${byArxiv("2611.99002")}`, texts: [LISTED_TEXT[1]!, `&lt;script&gt;__xss("hf-entity")&lt;/script&gt;`, `]]><script>__xss("hf-cdata")</script>`] },
    { path: `/papers/${byArxiv("2611.99003")}`, texts: ["Xsshostile macros", "Kurt \\href{javascript:__xss('author-tex')}{Gödel}"] },
    { path: `/papers/${byArxiv("2611.99004")}`, texts: [LISTED_TEXT[2]!, '<svg onload=__xss("atom-author")>', "\\href{javascript:__xss('atom-comment-href')}"] },
    { path: `/papers/${byArxiv(null)}`, texts: [LISTED_TEXT[3]!, "<script>__xss('jsonl-author')</script>"] },
  ];
}

type Observed = { xss: string[]; dialogs: string[]; violations: string[] };

/** Records what a hostile payload would do: call __xss, open a dialog, trip the CSP. */
async function watch(page: Page): Promise<Observed> {
  const observed: Observed = { xss: [], dialogs: [], violations: [] };
  await page.exposeFunction("__xss", (label: unknown) => void observed.xss.push(String(label)));
  page.on("dialog", (dialog) => {
    observed.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.exposeFunction("__cspViolation", (line: string) => void observed.violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { __cspViolation: (line: string) => void }).__cspViolation(`${event.violatedDirective} ${event.blockedURI || "inline"}: ${event.sample}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) observed.violations.push(`console: ${message.text()}`);
  });
  return observed;
}

/**
 * Elements and attributes no escaped text could have produced: what an injection leaves in the
 * DOM. `cachedPage`: the trending list and a search's results, served from Next's cache, have
 * no nonce to check; there every script must be one of Next's own (its chunks, its data pushes).
 */
async function injectedMarkup(page: Page, { cachedPage }: { cachedPage: boolean }): Promise<string[]> {
  return page.evaluate((cachedPage) => {
    const found: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${[...el.attributes].map((a) => ` ${a.name}="${a.value.slice(0, 60)}"`).join("")}>`;
    for (const el of document.querySelectorAll("*")) {
      for (const attribute of el.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`event handler: ${describe(el)}`);
        if (["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"].includes(attribute.name.toLowerCase())) {
          if (attribute.name === "srcdoc") found.push(`srcdoc: ${describe(el)}`);
          const value = attribute.value.trim();
          if (value === "" || value.startsWith("#")) continue;
          let protocol: string;
          try {
            protocol = new URL(value, document.baseURI).protocol;
          } catch {
            found.push(`unparsable URL: ${describe(el)}`);
            continue;
          }
          if (protocol !== "http:" && protocol !== "https:") found.push(`${protocol} URL: ${describe(el)}`);
        }
      }
      const tag = el.tagName.toLowerCase();
      if (["iframe", "object", "embed", "frame"].includes(tag) && el.closest("body")) found.push(`element: ${describe(el)}`);
      // Next's own inline scripts carry the page's data (the payloads among it) as JSON strings: that is data.
      const source = el.textContent ?? "";
      if (tag === "script" && cachedPage) {
        // Its chunks, its RSC payload pushes, Turbopack's chunk list.
        const nextsOwn = (el.getAttribute("src") ?? "").startsWith("/_next/static/") || /^\(?self\.__next_f|^\(globalThis\["TURBOPACK"\]/.test(source);
        if (!nextsOwn) found.push(`script not Next's own: ${describe(el)} ${source.slice(0, 80)}`);
      } else if (tag === "script" && !el.hasAttribute("nonce") && !(el as HTMLScriptElement).nonce) found.push(`script without nonce: ${describe(el)}`);
      if (tag === "script" && source.includes("__xss(") && !source.startsWith("(self.__next_f=self.__next_f||[]).push(") && !source.startsWith("self.__next_f.push(")) {
        found.push(`hostile script: ${describe(el)} ${source.slice(0, 80)}`);
      }
      if (tag === "img" && el.getAttribute("src") === "x") found.push(`element: ${describe(el)}`);
      if (tag === "style" && el.closest("main")) found.push(`style element: ${describe(el)}`);
    }
    if (document.getElementById("xss-broken") || document.querySelector(".xss")) found.push("an id or class from the payload");
    return found;
  }, cachedPage);
}

/** The links of the page's main content, resolved: each must be http(s). */
async function contentLinks(page: Page): Promise<string[]> {
  return page.locator("main a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
}

for (const bypassCSP of [true, false]) {
  test.describe(bypassCSP ? "escaping alone (CSP bypassed)" : "under the Content-Security-Policy", () => {
    test.use({ bypassCSP });

    test("every page and feed that shows the hostile papers runs none of their scripts and shows their text", async ({ page }) => {
      const observed = await watch(page);
      let checks = 0;
      for (const { path: pagePath, texts } of pages()) {
        const response = await page.goto(pagePath);
        expect(response?.status(), pagePath).toBe(200);
        // The hostile papers are on this page (and a payload had its chance to fire).
        await expect(page.locator("main")).toContainText(/xsshostile/i);
        for (const text of texts) {
          await expect(page.locator("main").getByText(text, { exact: false }).first(), `${pagePath}: ${text}`).toBeVisible();
          checks += 1;
        }
        // KaTeX typesets the formulas (with trust off, \href and \url render as plain red text, never a link).
        expect(await page.locator("main .katex a, main .katex [href], main .katex [id], main .katex .xss").count(), pagePath).toBe(0);
        expect(await injectedMarkup(page, { cachedPage: pagePath === "/" || pagePath.startsWith("/?") || pagePath.startsWith("/search?") }), pagePath).toEqual([]);
        for (const href of await contentLinks(page)) expect(href, `${pagePath}: link`).toMatch(/^https?:\/\//);
        checks += 1;
      }
      await page.waitForTimeout(500);
      expect(observed.xss, "payloads that ran").toEqual([]);
      expect(observed.dialogs, "dialogs opened").toEqual([]);
      if (!bypassCSP) expect(observed.violations, "CSP violations").toEqual([]);
      console.log(`[stored-xss] ${bypassCSP ? "CSP bypassed" : "CSP on"}: ${pages().length} pages, ${checks} text and DOM checks`);
    });
  });
}

test("paper pages link only to http(s): javascript:, data: and vbscript: links never made it, quoted ones stay one attribute", async ({ page }) => {
  const links: string[] = [];
  for (const paper of papers) {
    await page.goto(`/papers/${paper.id}`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Links" }) });
    if ((await section.count()) === 0) continue;
    links.push(...(await section.locator("a").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""))));
  }
  expect(links.length).toBeGreaterThan(4);
  for (const href of links) {
    expect(href).toMatch(/^https?:\/\//i);
    expect(new URL(href).protocol).toMatch(/^https?:$/);
  }
  // The valid code links are kept, the repository whose URL carried markup included (as one href).
  expect(links).toContain("https://github.com/xss-lab/katex");
  expect(links.some((href) => href.startsWith("https://github.com/xss-lab/quote"))).toBe(true);
  expect(links.join(" ")).not.toMatch(/javascript:|data:|vbscript:/i);
});

test("both feeds carry the payloads as escaped text: no markup element when parsed, as XML or as the HTML a reader renders", async ({ page, request }) => {
  await page.goto("/about");
  const feeds = [
    { path: "/feeds/trending.xml?period=day", min: 3 },
    { path: `/feeds/search.xml?q=${MARKER}`, min: 5 },
    { path: `/feeds/search.xml?q=${encodeURIComponent(`${MARKER} <script>__xss("feed-query")</script>`)}`, min: 0 },
  ];
  for (const feed of feeds) {
    const response = await request.get(feed.path);
    expect(response.status(), feed.path).toBe(200);
    const xml = await response.text();
    expect(xml).not.toMatch(/<script/i);
    expect(xml).not.toMatch(/<img/i);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const error = doc.getElementsByTagName("parsererror").length > 0;
      // Atom's own elements only: an injected element would be in another namespace or a stray name.
      const atom = new Set(["feed", "id", "title", "subtitle", "updated", "generator", "author", "name", "link", "entry", "summary", "published", "content", "email", "uri", "rights", "category", "icon", "logo"]);
      const foreign = [...doc.getElementsByTagName("*")].map((el) => el.localName).filter((name) => !atom.has(name));
      // What a reader shows: type="html" text parsed as HTML must be text only.
      const rendered = [...doc.querySelectorAll("entry > title, entry > summary, feed > title, feed > subtitle")].map((el) => {
        const html = el.getAttribute("type") === "html" ? new DOMParser().parseFromString(el.textContent ?? "", "text/html").body : null;
        return { type: el.getAttribute("type"), text: html ? html.textContent ?? "" : el.textContent ?? "", elements: html ? html.querySelectorAll("*").length : el.children.length };
      });
      const authors = [...doc.querySelectorAll("entry > author > name")].map((el) => ({ text: el.textContent ?? "", elements: el.children.length }));
      return { error, foreign, rendered, authors };
    }, xml);
    expect(parsed.error, feed.path).toBe(false);
    expect(parsed.foreign, feed.path).toEqual([]);
    for (const item of [...parsed.rendered, ...parsed.authors]) expect(item.elements, `${feed.path}: ${item.text}`).toBe(0);
    const texts = parsed.rendered.map((item) => item.text);
    expect(texts.filter((text) => /xsshostile/i.test(text)).length, feed.path).toBeGreaterThanOrEqual(feed.min);
    if (feed.min > 0) {
      // The reader sees the payload as the characters it was.
      expect(texts).toContain(LISTED_TEXT[0]);
      expect(parsed.authors.map((author) => author.text)).toContain('<img src=x onerror=__xss("hf-author-img")>');
    }
  }
});

test("the JSON search API's HTML snippets escape everything but <mark>", async ({ request }) => {
  const response = await request.get(`/api/search?q=${MARKER}&limit=20`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { results: { title: string; snippet: string }[] };
  const hostile = body.results.filter((result) => /xsshostile/i.test(result.title));
  expect(hostile.length).toBe(5);
  for (const { snippet } of hostile) expect(snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
});
