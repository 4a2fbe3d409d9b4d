import { noteDatabaseError } from "@/lib/db/availability";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

/** The API's one error shape: `{"error": "<a sentence for a person>"}`, never a stack trace. */
export function jsonError(status: 400 | 401 | 403 | 404 | 429 | 503, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: message }, { status, headers });
}

/**
 * 429 for an API client: the sentence, Retry-After, and no store (a shared cache must not
 * hand one client's refusal to the next). Pages answer with tooManyRequestsPage instead.
 */
export function tooManyRequestsJson(message: string, retryAfterSeconds: number): Response {
  return jsonError(429, message, { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" });
}

/** Seconds a client is asked to wait while the database is down: a few probes' worth (lib/db/availability.ts). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Headers of every "database is down" answer: try again shortly, and never cache this. */
export const DATABASE_UNAVAILABLE_HEADERS = { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };

/** 503 while the database cannot be reached; no detail (hosts, errors) reaches the client. */
export function databaseUnavailable(): Response {
  return jsonError(503, "Paperboy is briefly unavailable; try again in a few seconds.", DATABASE_UNAVAILABLE_HEADERS);
}

/**
 * Wraps a route handler so that losing the database mid-request (between two of
 * proxy.ts's probes) answers 503 with Retry-After instead of a bare 500. Every other
 * error is rethrown: a bug stays a 500.
 */
export function withDatabaseErrors<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      noteDatabaseError(error);
      return databaseUnavailable();
    }
  };
}
