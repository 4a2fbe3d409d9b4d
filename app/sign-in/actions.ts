"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { endSession, startSession } from "@/lib/auth/session";
import { clientIp } from "@/lib/http/client-ip";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";
import { emailSchema } from "@/lib/subscribers/email";
import { completeSignIn, requestSignIn } from "@/lib/subscribers/sign-in";

export async function requestSignInAction(formData: FormData): Promise<never> {
  const email = emailSchema.safeParse(formData.get("email") ?? "");
  if (!email.success) redirect("/sign-in?error=email");
  const requestHeaders = await headers();
  const request = new Request(`http://${requestHeaders.get("host") ?? "localhost"}/sign-in`, { headers: requestHeaders });
  const outcome = await requestSignIn({ email: email.data, ip: clientIp(request) }, { mailer: mailerFromEnv(), baseUrl: emailBaseUrl(), now: new Date() });
  redirect(outcome.status === "rate-limited" ? "/sign-in?error=rate-limited" : "/sign-in?status=check-your-inbox");
}

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export async function completeSignInAction(formData: FormData): Promise<never> {
  const token = tokenSchema.safeParse(formData.get("token"));
  const subscriberId = token.success ? await completeSignIn(token.data, new Date()) : null;
  if (!subscriberId) redirect("/sign-in?error=link");
  await startSession(subscriberId);
  redirect("/settings");
}

export async function signOutAction(): Promise<never> {
  await endSession();
  redirect("/");
}
