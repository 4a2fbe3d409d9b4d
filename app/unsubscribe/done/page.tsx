import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Unsubscribed", robots: { index: false } };

export default function UnsubscribedPage() {
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">You are unsubscribed</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">No more digests will be sent to you.</p>
      <Link href="/" className="mt-6 inline-block text-blue-700 hover:underline dark:text-blue-400">
        Back to trending papers
      </Link>
    </div>
  );
}
