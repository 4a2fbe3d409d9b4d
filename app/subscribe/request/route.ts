import { after } from "next/server";
import { clientIp } from "@/lib/http/client-ip";
import { seeOther, tooManyRequestsPage } from "@/lib/http/responses";
import { sameOriginGuard } from "@/lib/http/same-origin";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";
import { subscribeSchema } from "@/lib/subscribers/schema";
import { requestSubscription } from "@/lib/subscribers/subscribe";

/**
 * The subscribe form (footer and /subscribe). Returns to /subscribe with the same notice
 * for every address, new or not (the address never goes into a URL). A route handler
 * rather than a server action so that too many sign-ups get a real 429 with Retry-After,
 * as from POST /api/subscribe.
 */
export async function POST(request: Request) {
  const refused = sameOriginGuard(request);
  if (refused) return refused;
  const form = await request.formData().catch(() => null);
  const parsed = subscribeSchema.safeParse({ email: form?.get("email") ?? "", keywords: form?.get("keywords") ?? "" });
  if (!parsed.success) return seeOther(`/subscribe?error=${parsed.error.issues[0].path[0] === "email" ? "email" : "keywords"}`);

  const outcome = await requestSubscription(
    { ...parsed.data, ip: clientIp(request) },
    { mailer: mailerFromEnv(), baseUrl: emailBaseUrl(), now: new Date(), defer: after },
  );
  if (outcome.status === "rate-limited") {
    return tooManyRequestsPage("Too many sign-ups from here just now.", outcome.retryAfterSeconds, { href: "/subscribe", label: "Back to the subscribe page" });
  }
  return seeOther("/subscribe?status=check-your-inbox");
}
