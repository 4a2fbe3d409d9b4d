"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { confirmSubscription } from "@/lib/subscribers/confirm";

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The confirmation page's button: uses the single-use token up. */
export async function confirmAction(formData: FormData): Promise<never> {
  const token = tokenSchema.safeParse(formData.get("token"));
  const confirmed = token.success ? await confirmSubscription(token.data, new Date()) : null;
  redirect(confirmed ? "/confirm?status=confirmed" : "/confirm?status=invalid");
}
