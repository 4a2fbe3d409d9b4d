import Link from "next/link";

type VoteButtonProps = { paperId: string; votes: number; voted: boolean; signedIn: boolean };

/** A form with one button posting to POST /papers/<id>/vote (works without JavaScript); signed-out readers get a link to sign in. */
export function VoteButton({ paperId, votes, voted, signedIn }: VoteButtonProps) {
  const label = `${votes} ${votes === 1 ? "vote" : "votes"}`;
  if (!signedIn) {
    return (
      <Link href="/sign-in" className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900">
        ▲ {label} · sign in to vote
      </Link>
    );
  }
  return (
    <form method="post" action={`/papers/${paperId}/vote`}>
      <button
        type="submit"
        aria-pressed={voted}
        className={`rounded-md border px-3 py-1 text-sm ${voted ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"}`}
      >
        ▲ {label}{voted ? " · voted" : " · vote"}
      </button>
    </form>
  );
}
