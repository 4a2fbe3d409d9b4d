"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { toggleVote } from "@/lib/votes/toggle-vote";
import { paperIdSchema } from "./schema";

/** Vote or unvote; trending reads votes at request time, so the vote counts at once. */
export async function toggleVoteAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const paperId = paperIdSchema.safeParse(formData.get("paperId"));
  if (!paperId.success) redirect("/");
  await toggleVote(user.id, paperId.data, new Date());
  revalidatePath(`/papers/${paperId.data}`);
  redirect(`/papers/${paperId.data}`);
}
