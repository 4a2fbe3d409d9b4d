import { after } from "next/server";
import { clientIp } from "@/lib/http/client-ip";
import { seeOther, tooManyRequestsPage } from "@/lib/http/responses";
import { sameOriginGuard } from "@/lib/http/same-origin";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";
import { emailSchema } from "@/lib/subscribers/email";
import { requestSignIn } from "@/lib/subscribers/sign-in";

/**
 * The sign-in form: emails a link and returns to /sign-in with the same notice for
 * every address (the address never goes into a URL). A route handler rather than a
 * server action so that too many requests get a real 429 with Retry-After.
 */
export async function POST(request: Request) {
  const refused = sameOriginGuard(request);
  if (refused) return refused;
  const form = await request.formData().catch(() => null);
  const email = emailSchema.safeParse(form?.get("email") ?? "");
  if (!email.success) return seeOther("/sign-in?error=email");

  const outcome = await requestSignIn(
    { email: email.data, ip: clientIp(request) },
    { mailer: mailerFromEnv(), baseUrl: emailBaseUrl(), now: new Date(), defer: after },
  );
  if (outcome.status === "rate-limited") {
    return tooManyRequestsPage("Too many sign-in requests from here just now.", outcome.retryAfterSeconds, { href: "/sign-in", label: "Back to sign-in" });
  }
  return seeOther("/sign-in?status=check-your-inbox");
}
