import type { Metadata } from "next";
import { Notice } from "@/components/notice";
import { SubscribeForm } from "@/components/subscribe-form";

export const metadata: Metadata = { title: "Subscribe" };

const ERRORS: Record<string, string> = {
  email: "Enter a valid email address, like name@example.org.",
  keywords: "Each keyword must be a search of at most 256 characters, and you can follow at most 20.",
};

export default async function SubscribePage({ searchParams }: PageProps<"/subscribe">) {
  const { status, error } = await searchParams;
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold tracking-tight">The daily digest</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        Once a day, the trending papers in your inbox. Follow keywords to get a &quot;For you&quot; section of new papers that
        match them. You will get a confirmation email first; nothing is sent until you confirm.
      </p>
      {status === "check-your-inbox" ? (
        <Notice kind="success">Check your inbox: if the address can receive mail, a confirmation link is on its way.</Notice>
      ) : null}
      {typeof error === "string" && ERRORS[error] ? (
        <Notice kind="error">{ERRORS[error]}</Notice>
      ) : null}
      <div className="mt-6">
        <SubscribeForm idPrefix="subscribe" withKeywords />
      </div>
    </div>
  );
}
