import type { CSSProperties, JSX, ReactNode } from "react";

/** A paragraph's style states its size, line height and whole margin: nothing is left to a client's defaults. */
export type ParagraphStyle = CSSProperties & Required<Pick<CSSProperties, "fontSize" | "lineHeight" | "margin">>;

type ParagraphProps = { style: ParagraphStyle; children: ReactNode; "data-skip-in-text"?: boolean };

/**
 * A <p> with exactly `style`. React Email's Text writes every margin twice (the shorthand,
 * then all four sides again, so that its 16px defaults merge); with the whole margin
 * always given, that repeat changes nothing on screen and costs ~55 bytes a paragraph,
 * ~2.4 KB (12%) of a digest sent to every subscriber.
 */
export function Paragraph({ style, children, ...props }: ParagraphProps): JSX.Element {
  return (
    <p {...props} style={style}>
      {children}
    </p>
  );
}
