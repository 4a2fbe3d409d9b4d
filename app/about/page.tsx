import type { Metadata } from "next";
import { env } from "@/lib/env";
import { AGE_OFFSET_HOURS, PERIOD_RULES, STAR_WEIGHT, TRENDING_PERIODS, UPVOTE_WEIGHT } from "@/lib/trending/formula";

export const metadata: Metadata = { title: "About" };

export default function AboutPage() {
  return (
    <article className="space-y-4 leading-relaxed">
      <h1 className="text-2xl font-bold tracking-tight">About Paperboy</h1>
      <p>Paperboy lists research papers people are voting for, lets you search their titles and abstracts, and sends a daily digest.</p>

      <h2 id="trending" className="pt-2 text-xl font-semibold">
        How trending works
      </h2>
      <p>Every paper on a trending list gets a score, and the list is ordered by it:</p>
      <pre className="overflow-x-auto rounded-md bg-zinc-100 p-3 text-sm dark:bg-zinc-900">
        score = attention in the period / (age in hours + {AGE_OFFSET_HOURS}) ^ gravity
        {"\n"}attention = votes + {UPVOTE_WEIGHT} × Hugging Face upvotes gained + {STAR_WEIGHT} × GitHub stars gained
      </pre>
      <ul className="list-disc space-y-1 pl-6">
        <li>Votes lift a paper; only votes cast within the period count.</li>
        <li>
          For papers that come from Hugging Face&apos;s daily papers, the upvotes they gain there count like votes here, and
          the stars their code repository gains count a fifth of one. Only growth within the period counts: a repository
          that was already famous lifts a paper by nothing until it gains new stars.
        </li>
        <li>Age pulls it down, faster and faster: a fresh paper with a few votes overtakes an old one with many.</li>
        <li>When two papers score the same, the newer one comes first.</li>
        <li>
          Papers published more than {env.TRENDING_MAX_AGE_DAYS} days ago leave the Today and This week lists; This month
          keeps the whole month.
        </li>
      </ul>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th className="py-1">Tab</th>
            <th className="py-1">Votes counted from</th>
            <th className="py-1">Gravity</th>
          </tr>
        </thead>
        <tbody>
          {TRENDING_PERIODS.map((period) => (
            <tr key={period} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-1">{PERIOD_RULES[period].label}</td>
              <td className="py-1">the last {PERIOD_RULES[period].windowHours / 24 === 1 ? "24 hours" : `${PERIOD_RULES[period].windowHours / 24} days`}</td>
              <td className="py-1 tabular-nums">{PERIOD_RULES[period].gravity}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Each card shows the numbers behind its place: votes in the period, votes in the last 24 hours, age and score.</p>

      <h2 className="pt-2 text-xl font-semibold">Searching</h2>
      <p>
        Type words to find papers containing all of them. Use <code>&quot;exact phrase&quot;</code>, <code>OR</code> between
        alternatives, and <code>-word</code> to exclude. Words are matched by their stem, so <em>distilling</em> finds{" "}
        <em>distillation</em>; a match in the title counts more than one in the abstract. Press <kbd>/</kbd> anywhere to
        jump to the search box.
      </p>

      <h2 className="pt-2 text-xl font-semibold">Demo data</h2>
      <p>
        Papers marked <em>demo data</em> come from a snapshot of a daily-papers listing. Their dates and votes are generated,
        so that trending has something to show until real sources are connected.
      </p>
    </article>
  );
}
