import "server-only";
import { db } from "@/lib/db";

/** Stops every digest at once. Idempotent; the record stays so a re-subscribe needs a new confirmation. */
export async function unsubscribe(subscriberId: string, now: Date): Promise<boolean> {
  const { count } = await db.subscriber.updateMany({
    where: { id: subscriberId },
    data: { unsubscribedAt: now },
  });
  return count > 0;
}
