import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { readUnsubscribeToken } from "@/lib/subscribers/links";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

/** A page with a button: unsubscribing needs a POST, which link scanners never send. */
export default async function UnsubscribePage({ params }: PageProps<"/unsubscribe/[token]">) {
  const { token } = await params;
  if (!readUnsubscribeToken(token)) notFound();
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">Unsubscribe from the digest?</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">You will get no more Paperboy emails. You can subscribe again at any time.</p>
      <form method="post" action={`/api/unsubscribe/${encodeURIComponent(token)}`} className="mt-6">
        <input type="hidden" name="from" value="page" />
        <button type="submit" className="rounded-md bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900">
          Unsubscribe
        </button>
      </form>
    </div>
  );
}
