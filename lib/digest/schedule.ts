// Who is due a digest on an edition date (UTC).

export type DeliveryPreferences = { frequency: string; skipWeekends: boolean };

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

/** Weekly digests go out on Mondays; daily ones every day, or on weekdays only for those who skip weekends. */
export function isDue(preferences: DeliveryPreferences, date: string): boolean {
  if (preferences.frequency === "weekly") return weekdayOf(date) === 1;
  return !(preferences.skipWeekends && isWeekend(date));
}

/** Today's edition date, in UTC. */
export function editionDateOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
