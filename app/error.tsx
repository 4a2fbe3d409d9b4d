"use client";

// Shown instead of a page whose rendering failed: most often the database went away
// between two of proxy.ts's probes (lib/db/availability.ts), after which the proxy
// answers 503 until it is back. The error's message is not shown: in production it
// says nothing useful, and it must never show hosts or stack traces.
export default function ErrorPage() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">Paperboy is briefly unavailable</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Something went wrong on our side. Please try again in a few seconds.</p>
      {/* A plain link: reloads this address with or without JavaScript. */}
      <a href="" className="mt-6 inline-block text-blue-700 hover:underline dark:text-blue-400">
        Try again
      </a>
    </div>
  );
}
