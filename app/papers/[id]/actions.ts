"use server";

import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { invalidateAfterVote } from "@/lib/cache/invalidate";
import { toggleVote } from "@/lib/votes/toggle-vote";
import { paperIdSchema } from "./schema";

/**
 * Vote or unvote. The trending lists and the paper's page are cached: expiring their
 * tags makes the page this redirects to, and the next trending list, show the vote.
 */
export async function toggleVoteAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const paperId = paperIdSchema.safeParse(formData.get("paperId"));
  if (!paperId.success) redirect("/");
  await toggleVote(user.id, paperId.data, new Date());
  invalidateAfterVote(paperId.data);
  redirect(`/papers/${paperId.data}`);
}
