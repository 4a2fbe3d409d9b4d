// The answers of the form routes (subscribe, sign-in, vote): they are posted by plain
// HTML forms, so they answer like pages (a redirect, or a small page), not JSON.

/** 303 to one of our paths. Relative, so it never takes a host from the request's headers. */
export function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}

/** "45 seconds", "1 minute", "12 minutes": how long to wait, rounded up. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/**
 * A small HTML page answered before any route renders (a guard's or a form route's
 * refusal): our layout cannot be used there. `body` is trusted HTML; escape what goes in.
 */
export function plainPage(status: number, title: string, body: string, headers: Record<string, string>, { head = false } = {}): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · Paperboy</title></head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return new Response(head ? null : html, { status, headers: { "Content-Type": "text/html; charset=utf-8", ...headers } });
}

/**
 * 429 with Retry-After for a person's browser: a page that says how long to wait and
 * links back (a status and a header alone would show them a blank page). No store:
 * a shared cache must not hand the refusal to the next person.
 */
export function tooManyRequestsPage(message: string, retryAfterSeconds: number, back: { href: string; label: string }): Response {
  const body = `<h1>Too many requests</h1>
<p role="alert">${escapeHtml(message)} Please try again in ${waitText(retryAfterSeconds)}.</p>
<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>`;
  return plainPage(429, "Too many requests", body, { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" });
}
