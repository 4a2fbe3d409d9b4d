import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Paperboy: trending research papers", template: "%s · Paperboy" },
  description: "Trending research papers, searchable, delivered daily.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so that its scripts carry the request's CSP nonce
  // (lib/security/csp.ts); a page left static would be served with none, and its scripts
  // blocked. The one exception opts out with `dynamic = "force-static"`, under which this
  // resolves at once: the cached trending list (app/trending/…).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-zinc-900">
          Skip to content
        </a>
        <SiteHeader />
        <main id="content" className="mx-auto w-full max-w-3xl px-4 py-6 sm:py-8">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
