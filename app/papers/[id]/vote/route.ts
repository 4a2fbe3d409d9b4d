import { currentUser } from "@/lib/auth/session";
import { invalidateAfterVote } from "@/lib/cache/invalidate";
import { clientIp } from "@/lib/http/client-ip";
import { seeOther, tooManyRequestsPage } from "@/lib/http/responses";
import { sameOriginGuard } from "@/lib/http/same-origin";
import { toggleVote } from "@/lib/votes/toggle-vote";
import { hitVoteRateLimit } from "@/lib/votes/vote-rate-limit";
import { paperIdSchema } from "../schema";

const notFound = () => new Response("paper not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The paper page's vote button (a plain form, so it works without JavaScript): votes,
 * or takes the vote back, and returns to the paper (303). A route handler rather than a
 * server action so that too many votes get a real 429 with Retry-After.
 */
export async function POST(request: Request, { params }: RouteContext<"/papers/[id]/vote">) {
  const refused = sameOriginGuard(request);
  if (refused) return refused;
  const paperId = paperIdSchema.safeParse((await params).id);
  if (!paperId.success) return notFound();
  const user = await currentUser();
  if (!user) return seeOther("/sign-in");

  const now = new Date();
  const limit = await hitVoteRateLimit(user.id, clientIp(request), now);
  if (!limit.allowed) {
    return tooManyRequestsPage("Too many votes just now.", limit.retryAfterSeconds, { href: `/papers/${paperId.data}`, label: "Back to the paper" });
  }
  if (!(await toggleVote(user.id, paperId.data, now))) return notFound();
  invalidateAfterVote(paperId.data);
  return seeOther(`/papers/${paperId.data}`);
}
