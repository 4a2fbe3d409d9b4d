import "server-only";
import { env } from "@/lib/env";

/** The public base URL for absolute links in pages, feeds and JSON: APP_URL when set, else the origin the request came to. */
export function siteUrl(request: Request): string {
  return env.APP_URL ?? new URL(request.url).origin;
}

/**
 * The base URL of links in emails: configuration only, never the request, or anyone
 * could have us mail a genuine link to their own host by sending a forged Host
 * header. Without APP_URL that is this machine's own http://localhost:PORT.
 */
export function emailBaseUrl(): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}
