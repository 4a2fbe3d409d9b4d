import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getLatestDay } from "@/lib/papers/daily";

/** "Daily" opens the most recent day that has papers. */
export default async function LatestDayPage() {
  // Render per request: the latest day changes as papers arrive (and the build has no database).
  await connection();
  const day = await getLatestDay(new Date());
  redirect(day ? `/date/${day}` : "/");
}
