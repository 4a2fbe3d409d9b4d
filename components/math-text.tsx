import katex from "katex";
// KaTeX's stylesheet and fonts come from the package and are bundled by Next; it is
// imported here, so only pages that show formulas load it.
import "katex/dist/katex.min.css";
import { mathSource, splitMath, type MathSegment } from "@/lib/papers/math";

type Formula = Extract<MathSegment, { kind: "math" }>;

/**
 * KaTeX markup for a formula, or null when KaTeX cannot render it.
 *
 * Safe to inject: KaTeX escapes every character of its input it puts in the
 * output, and with `trust: false` it refuses the commands that could add links,
 * classes, ids, styles or images (\href, \url, \htmlClass, \includegraphics, …),
 * so the markup holds only KaTeX's own spans and MathML, never a script or a link.
 * `throwOnError: true` only so that a formula KaTeX cannot parse lands in the
 * catch below and is shown as its raw `$…$` source, rather than as KaTeX's red
 * error text; nothing escapes this function.
 */
function renderFormula(formula: Formula): string | null {
  try {
    return katex.renderToString(formula.tex, {
      displayMode: formula.display === true,
      output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
      throwOnError: true,
      trust: false,
      strict: "ignore",
      // Abstracts come from outside: bound what one formula can cost or stretch.
      maxSize: 20,
      maxExpand: 200,
    });
  } catch {
    return null;
  }
}

/** Text with its `$…$` formulas typeset by KaTeX on the server: no client JavaScript. */
export function MathText({ text }: { text: string }) {
  return (
    <>
      {splitMath(text).map((segment, index) => {
        if (segment.kind === "text") return segment.text;
        const html = renderFormula(segment);
        return html === null ? (
          <span key={index}>{mathSource(segment)}</span>
        ) : (
          <span
            key={index}
            // A display formula is a block as wide as it needs: let it scroll on a phone.
            className={segment.display ? "block overflow-x-auto overflow-y-hidden" : undefined}
            dangerouslySetInnerHTML={{ __html: html }}
          />
        );
      })}
    </>
  );
}
