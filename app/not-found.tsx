import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">There is no paper or page at this address.</p>
      <Link href="/" className="mt-6 inline-block text-blue-700 hover:underline dark:text-blue-400">
        Back to trending papers
      </Link>
    </div>
  );
}
