"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentUser, endSession } from "@/lib/auth/session";
import { searchQuerySchema } from "@/lib/search/schema";
import { addKeyword, deleteAccount, preferencesSchema, removeKeyword, updatePreferences } from "@/lib/subscribers/preferences";

async function requireUser() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export async function savePreferencesAction(formData: FormData): Promise<never> {
  const user = await requireUser();
  const parsed = preferencesSchema.safeParse({
    digestEnabled: formData.get("digestEnabled") === "on",
    frequency: formData.get("frequency"),
    skipWeekends: formData.get("skipWeekends") === "on",
    keywordMode: formData.get("keywordMode"),
  });
  if (!parsed.success) redirect("/settings?error=preferences");
  await updatePreferences(user.id, parsed.data);
  revalidatePath("/settings");
  redirect("/settings?status=saved");
}

export async function addKeywordAction(formData: FormData): Promise<never> {
  const user = await requireUser();
  const query = searchQuerySchema.safeParse(formData.get("query") ?? "");
  if (!query.success) redirect("/settings?error=keyword");
  const result = await addKeyword(user.id, query.data);
  redirect(result === "too-many" ? "/settings?error=too-many" : "/settings?status=saved");
}

export async function removeKeywordAction(formData: FormData): Promise<never> {
  const user = await requireUser();
  const id = z.coerce.number().int().positive().safeParse(formData.get("keywordId"));
  if (id.success) await removeKeyword(user.id, id.data);
  redirect("/settings?status=saved");
}

export async function deleteAccountAction(formData: FormData): Promise<never> {
  const user = await requireUser();
  if (formData.get("confirm") !== "delete") redirect("/settings?error=confirm-delete");
  await deleteAccount(user.id);
  await endSession();
  redirect("/?account=deleted");
}
