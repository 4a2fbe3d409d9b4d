type CiteBoxProps = {
  bibtex: string;
  /** Where the same entry downloads as a .bib file. */
  downloadHref: string;
  fileName: string;
};

/** The "Cite" section: BibTeX behind a <details> (opens without JavaScript) and a download link. */
export function CiteBox({ bibtex, downloadHref, fileName }: CiteBoxProps) {
  return (
    <section className="mt-8" aria-labelledby="cite">
      <h2 id="cite" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Cite
      </h2>
      <details className="mt-2 rounded-lg border border-zinc-200 dark:border-zinc-800" data-testid="cite-bibtex">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">BibTeX</summary>
        <pre className="overflow-x-auto border-t border-zinc-200 bg-zinc-50 px-3 py-2 text-xs leading-relaxed dark:border-zinc-800 dark:bg-zinc-900">
          <code>{bibtex}</code>
        </pre>
      </details>
      <p className="mt-2 text-sm">
        <a href={downloadHref} download={fileName} className="text-blue-700 hover:underline dark:text-blue-400">
          Download {fileName}
        </a>
      </p>
    </section>
  );
}
