"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { mailerFromEnv } from "@/lib/mail";
import { subscribeSchema } from "@/lib/subscribers/schema";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { emailBaseUrl } from "@/lib/site-url";
import { clientIp } from "@/lib/http/client-ip";

/**
 * The subscribe form (footer and /subscribe). Redirects to a result page either way:
 * the address never goes into a URL, and the answer is the same for every address.
 */
export async function subscribeAction(formData: FormData): Promise<never> {
  const parsed = subscribeSchema.safeParse({ email: formData.get("email") ?? "", keywords: formData.get("keywords") ?? "" });
  if (!parsed.success) redirect(`/subscribe?error=${parsed.error.issues[0].path[0] === "email" ? "email" : "keywords"}`);

  const requestHeaders = await headers();
  const request = new Request(`http://${requestHeaders.get("host") ?? "localhost"}/subscribe`, { headers: requestHeaders });
  const outcome = await requestSubscription(
    { ...parsed.data, ip: clientIp(request) },
    { mailer: mailerFromEnv(), baseUrl: emailBaseUrl(), now: new Date(), defer: after },
  );
  redirect(outcome.status === "rate-limited" ? "/subscribe?error=rate-limited" : "/subscribe?status=check-your-inbox");
}
