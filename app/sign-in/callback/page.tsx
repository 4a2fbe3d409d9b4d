import type { Metadata } from "next";
import { completeSignInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

/** The emailed link lands here; signing in takes a button (POST), so link scanners cannot use the link up. */
export default async function SignInCallbackPage({ searchParams }: PageProps<"/sign-in/callback">) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">Sign in to Paperboy</h1>
      <form action={completeSignInAction} className="mt-6">
        <input type="hidden" name="token" value={typeof token === "string" ? token : ""} />
        <button type="submit" className="rounded-md bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900">
          Sign in
        </button>
      </form>
    </div>
  );
}
