const DATE = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** "Nov 23, 2026" in UTC, so server and any reader agree on the day. */
export function formatDate(date: Date): string {
  return DATE.format(date);
}

/** "2026-11-23" (UTC), for <time dateTime>. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
