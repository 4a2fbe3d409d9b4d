import "server-only";
import { env } from "@/lib/env";

/** AUTH_SECRET, which `npm start` provides when it is not configured. */
export function authSecret(): string {
  if (!env.AUTH_SECRET) {
    throw new Error("AUTH_SECRET is not set: start the app with `npm start`, which generates one, or set it (32+ characters).");
  }
  return env.AUTH_SECRET;
}
