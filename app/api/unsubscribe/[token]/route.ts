import { readUnsubscribeToken } from "@/lib/subscribers/links";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";

// The List-Unsubscribe URL of every digest.

/** GET never unsubscribes (link scanners follow links): it leads to a page with a button. */
export async function GET(request: Request, { params }: RouteContext<"/api/unsubscribe/[token]">) {
  const { token } = await params;
  return Response.redirect(new URL(`/unsubscribe/${encodeURIComponent(token)}`, request.url), 303);
}

/**
 * POST unsubscribes at once, no sign-in: the one-click of RFC 8058 (mail clients post
 * "List-Unsubscribe=One-Click") and the button of the page above.
 */
export async function POST(request: Request, { params }: RouteContext<"/api/unsubscribe/[token]">) {
  const subscriberId = readUnsubscribeToken((await params).token);
  if (!subscriberId) return new Response("This unsubscribe link is not valid.", { status: 400 });
  await unsubscribe(subscriberId, new Date());

  const form = await request.formData().catch(() => null);
  if (form?.get("from") === "page") return Response.redirect(new URL("/unsubscribe/done", request.url), 303);
  return new Response("You are unsubscribed from the Paperboy digest.", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
