import type { Metadata } from "next";
import { Notice } from "@/components/notice";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  email: "Enter a valid email address, like name@example.org.",
  link: "That sign-in link has expired or was already used. Ask for a new one below.",
};

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { status, error } = await searchParams;
  return (
    <div className="max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">We email you a link that signs you in. No password. Signing in lets you vote and manage your digest.</p>
      {status === "check-your-inbox" ? (
        <Notice kind="success">Check your inbox for the sign-in link. It works once, for 15 minutes.</Notice>
      ) : null}
      {typeof error === "string" && ERRORS[error] ? (
        <Notice kind="error">{ERRORS[error]}</Notice>
      ) : null}
      <form method="post" action="/sign-in/request" className="mt-6 flex flex-col gap-2">
        <label htmlFor="sign-in-email" className="text-sm">Email</label>
        <input id="sign-in-email" name="email" type="email" required maxLength={254} autoComplete="email" className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 dark:border-zinc-700 dark:bg-zinc-900" />
        <button type="submit" className="mt-2 rounded-md bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900">
          Email me a sign-in link
        </button>
      </form>
    </div>
  );
}
