"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { endSession, startSession } from "@/lib/auth/session";
import { completeSignIn } from "@/lib/subscribers/sign-in";

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
