import { after } from "next/server";
import { jsonError, tooManyRequestsJson, withDatabaseErrors } from "@/lib/http/json-error";
import { mailerFromEnv } from "@/lib/mail";
import { clientIp } from "@/lib/http/client-ip";
import { sameOriginGuard } from "@/lib/http/same-origin";
import { emailBaseUrl } from "@/lib/site-url";
import { subscribeSchema } from "@/lib/subscribers/schema";
import { requestSubscription } from "@/lib/subscribers/subscribe";

/** POST {"email", "keywords"?}: always 202 for a valid address, new or not (no enumeration). Same-origin only (CSRF). */
export const POST = withDatabaseErrors(async function POST(request: Request) {
  const refused = sameOriginGuard(request);
  if (refused) return refused;
  const body: unknown = await request.json().catch(() => null);
  const parsed = subscribeSchema.safeParse(body ?? {});
  // The subscribe schema's messages are whole sentences already.
  if (!parsed.success) return jsonError(400, parsed.error.issues[0].message);

  const outcome = await requestSubscription(
    { ...parsed.data, ip: clientIp(request) },
    { mailer: mailerFromEnv(), baseUrl: emailBaseUrl(), now: new Date(), defer: after },
  );
  if (outcome.status === "rate-limited") {
    return tooManyRequestsJson("Too many sign-ups from here; try again later.", outcome.retryAfterSeconds);
  }
  return Response.json({ status: "accepted", message: "If the address can receive mail, a confirmation link is on its way." }, { status: 202 });
});
