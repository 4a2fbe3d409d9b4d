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
 * 429 with Retry-After for a person's browser: a page that says how long to wait and
 * links back (a status and a header alone would show them a blank page). No store:
 * a shared cache must not hand the refusal to the next person.
 */
export function tooManyRequestsPage(message: string, retryAfterSeconds: number, back: { href: string; label: string }): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Too many requests · Paperboy</title></head>
<body>
<main>
<h1>Too many requests</h1>
<p role="alert">${escapeHtml(message)} Please try again in ${waitText(retryAfterSeconds)}.</p>
<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 429,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" },
  });
}
