import type { Metadata } from "next";
import Link from "next/link";
import { confirmAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

/**
 * The link in the confirmation email lands here. Confirming takes a click on a
 * button (a POST): mail scanners that open links must not subscribe anybody.
 */
export default async function ConfirmPage({ searchParams }: PageProps<"/confirm">) {
  const { token, status } = await searchParams;
  if (status === "confirmed") {
    return (
      <Result title="You are subscribed">
        The digest arrives once a day. Every email has a one-click unsubscribe link.
      </Result>
    );
  }
  if (status === "invalid" || typeof token !== "string") {
    return (
      <Result title="This link no longer works">
        Confirmation links work once and expire after 48 hours. <Link href="/subscribe" className="underline">Subscribe again</Link> to get a new one.
      </Result>
    );
  }
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">Confirm your subscription</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">One click, and the daily digest is on its way.</p>
      <form action={confirmAction} className="mt-6">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="rounded-md bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900">
          Confirm subscription
        </button>
      </form>
    </div>
  );
}

function Result({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">{children}</p>
    </div>
  );
}
