import "server-only";
import { env } from "@/lib/env";

/** The public base URL for absolute links: APP_URL when set, else the origin the request came to. */
export function siteUrl(request: Request): string {
  return env.APP_URL ?? new URL(request.url).origin;
}
