import { render, toPlainText } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { fillBody, prepareBody, type BodyTemplate, type PreparedBody } from "@/lib/mail/prepared-body";
import { safeHref } from "./components/safe-link";
import { ConfirmSubscription, confirmSubscriptionSubject, type ConfirmSubscriptionProps } from "./confirm-subscription";
import { DailyDigest, dailyDigestSubject, topPaper, type DailyDigestProps } from "./daily-digest";
import { SignIn, signInSubject, type SignInProps } from "./sign-in";

// The digest goes to up to 100,000 people, and most of them get identical content. So it
// is rendered once per distinct content with these stand-ins for the per-subscriber links,
// and personalize() swaps in each subscriber's. They are valid URLs (safeHref passes them,
// the text converter prints them) and hold no character HTML escapes, so they appear
// verbatim in both the HTML and the text.
export const UNSUBSCRIBE_PLACEHOLDER = "https://paperboy.invalid/__unsubscribe__";
export const PREFERENCES_PLACEHOLDER = "https://paperboy.invalid/__preferences__";

export type RenderedMail = { subject: string; html: string; text: string };

export type DailyDigestContent = Omit<DailyDigestProps, "unsubscribeUrl" | "preferencesUrl">;

// The text version is converted from the HTML already rendered, with the converter that
// render(element, { plainText: true }) uses: the same text, without that option's second
// React render. Headings keep their case (the converter upper-cases them by default,
// which would shout every section title).
const TEXT_OPTIONS = {
  selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
};

async function renderMail(element: ReactElement, subject: string): Promise<RenderedMail> {
  const html = await render(element);
  return { subject, html, text: toPlainText(html, TEXT_OPTIONS) };
}

/** The digest for one distinct content, with placeholder links: pass it through personalize() per subscriber. */
export async function renderDailyDigest(props: DailyDigestContent): Promise<RenderedMail> {
  const element = createElement(DailyDigest, {
    ...props,
    unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER,
    preferencesUrl: PREFERENCES_PLACEHOLDER,
  });
  return renderMail(element, dailyDigestSubject(props.date, topPaper(props)?.title));
}

/** What React writes for a character in an attribute value (and in text), so a swapped-in URL matches a direct render. */
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", '"': "&quot;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" };

function escapeHtml(text: string): string {
  return text.replace(/[&"'<>]/g, (char) => HTML_ESCAPES[char]);
}

// split/join rather than replaceAll(string, string), which would read "$&" or "$'" in a
// URL as a replacement pattern.
function replaceEvery(text: string, search: string, replacement: string): string {
  return text.split(search).join(replacement);
}

/** One subscriber's copy of a rendered digest: their unsubscribe and preferences links in place of the placeholders. */
export function personalize(mail: RenderedMail, links: { unsubscribeUrl: string; preferencesUrl: string }): RenderedMail {
  // The same guard the templates apply to every href.
  const unsubscribeUrl = safeHref(links.unsubscribeUrl);
  const preferencesUrl = safeHref(links.preferencesUrl);
  return {
    subject: mail.subject,
    html: replaceEvery(
      replaceEvery(mail.html, UNSUBSCRIBE_PLACEHOLDER, escapeHtml(unsubscribeUrl)),
      PREFERENCES_PLACEHOLDER,
      escapeHtml(preferencesUrl),
    ),
    text: replaceEvery(replaceEvery(mail.text, UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl), PREFERENCES_PLACEHOLDER, preferencesUrl),
  };
}

/** A rendered digest with its body MIME-encoded once; the placeholder links are the slots personalizeTemplate() fills. */
export type DigestTemplate = { subject: string; body: BodyTemplate };

const LINK_SLOTS = [UNSUBSCRIBE_PLACEHOLDER, PREFERENCES_PLACEHOLDER];

export function digestTemplate(mail: RenderedMail): DigestTemplate {
  return { subject: mail.subject, body: prepareBody(mail, LINK_SLOTS) };
}

/** personalize(), for a digest encoded once: decodes to what personalize() returns, without encoding the whole body again. */
export function personalizeTemplate(template: DigestTemplate, links: { unsubscribeUrl: string; preferencesUrl: string }): { subject: string; body: PreparedBody } {
  const urls = [safeHref(links.unsubscribeUrl), safeHref(links.preferencesUrl)];
  return { subject: template.subject, body: fillBody(template.body, { text: urls, html: urls.map(escapeHtml) }) };
}

export async function renderConfirmSubscription(props: ConfirmSubscriptionProps): Promise<RenderedMail> {
  return renderMail(createElement(ConfirmSubscription, props), confirmSubscriptionSubject());
}

export async function renderSignIn(props: SignInProps): Promise<RenderedMail> {
  return renderMail(createElement(SignIn, props), signInSubject());
}
