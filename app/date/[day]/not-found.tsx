import Link from "next/link";

export default function DayNotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">No list for that date</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        Daily lists live at /date/YYYY-MM-DD, for a real calendar day that is not in the future.
      </p>
      <Link href="/date" className="mt-6 inline-block text-blue-700 hover:underline dark:text-blue-400">
        Go to the latest day
      </Link>
    </div>
  );
}
