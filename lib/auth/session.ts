import "server-only";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/security/secret";
import { SESSION_DAYS, createSessionToken, readSessionToken } from "./session-token";

const COOKIE = "pb_session";

export type SessionUser = { id: string; email: string };

/** Signs the subscriber in on this browser (called after a magic link or a confirmation). */
export async function startSession(subscriberId: string): Promise<void> {
  (await cookies()).set(COOKIE, createSessionToken(authSecret(), subscriberId, new Date()), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.APP_URL?.startsWith("https://") ?? false,
    path: "/",
    maxAge: SESSION_DAYS * 86_400,
  });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(COOKIE);
}

/** The signed-in person, or null. A deleted account has no row, so its cookie signs in nobody. */
export async function currentUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(COOKIE)?.value;
  const subscriberId = token ? readSessionToken(authSecret(), token, new Date()) : null;
  if (!subscriberId) return null;
  return db.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true } });
}
