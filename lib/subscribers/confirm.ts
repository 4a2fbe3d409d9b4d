import "server-only";
import { db } from "@/lib/db";
import { consumeEmailToken } from "./email-tokens";

/** Double opt-in, step two: a valid, unused, unexpired link confirms the address. */
export async function confirmSubscription(token: string, now: Date): Promise<{ subscriberId: string } | null> {
  const subscriberId = await consumeEmailToken(token, "confirm", now);
  if (!subscriberId) return null;
  await db.subscriber.update({
    where: { id: subscriberId },
    data: { confirmedAt: now, unsubscribedAt: null, digestEnabled: true },
  });
  return { subscriberId };
}
