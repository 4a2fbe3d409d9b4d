import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { MAX_KEYWORDS } from "./keywords";

export const preferencesSchema = z.object({
  digestEnabled: z.boolean(),
  frequency: z.enum(["daily", "weekly"]),
  skipWeekends: z.boolean(),
  keywordMode: z.enum(["boost", "filter"]),
});

export type Preferences = z.infer<typeof preferencesSchema>;

export async function getSettings(subscriberId: string) {
  return db.subscriber.findUnique({
    where: { id: subscriberId },
    select: {
      email: true,
      confirmedAt: true,
      unsubscribedAt: true,
      digestEnabled: true,
      frequency: true,
      skipWeekends: true,
      keywordMode: true,
      keywords: { select: { id: true, query: true }, orderBy: { id: "asc" } },
    },
  });
}

/** Saving preferences with the digest on also undoes an earlier unsubscribe: the person is signed in and asked for it. */
export async function updatePreferences(subscriberId: string, preferences: Preferences): Promise<void> {
  await db.subscriber.update({
    where: { id: subscriberId },
    data: { ...preferences, ...(preferences.digestEnabled ? { unsubscribedAt: null } : {}) },
  });
}

export async function addKeyword(subscriberId: string, query: string): Promise<"added" | "exists" | "too-many"> {
  const count = await db.followedKeyword.count({ where: { subscriberId } });
  if (count >= MAX_KEYWORDS) return "too-many";
  const { count: added } = await db.followedKeyword.createMany({ data: [{ subscriberId, query: query.toLowerCase() }], skipDuplicates: true });
  return added > 0 ? "added" : "exists";
}

export async function removeKeyword(subscriberId: string, keywordId: number): Promise<void> {
  // Scoped by subscriber: nobody can remove another person's keyword by guessing an id.
  await db.followedKeyword.deleteMany({ where: { id: keywordId, subscriberId } });
}

/** Deletes the person and everything of theirs: keywords, tokens, deliveries, "for you" history (cascades) and votes. */
export async function deleteAccount(subscriberId: string): Promise<void> {
  await db.$transaction([db.vote.deleteMany({ where: { voterId: subscriberId } }), db.subscriber.delete({ where: { id: subscriberId } })]);
}
