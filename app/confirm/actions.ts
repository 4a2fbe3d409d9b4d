"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/auth/session";
import { confirmSubscription } from "@/lib/subscribers/confirm";

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The confirmation page's button: uses the single-use token up. */
export async function confirmAction(formData: FormData): Promise<never> {
  const token = tokenSchema.safeParse(formData.get("token"));
  const confirmed = token.success ? await confirmSubscription(token.data, new Date()) : null;
  if (!confirmed) redirect("/confirm?status=invalid");
  // A confirmed subscriber and a signed-in user are the same person: the link proved the address.
  await startSession(confirmed.subscriberId);
  redirect("/confirm?status=confirmed");
}
