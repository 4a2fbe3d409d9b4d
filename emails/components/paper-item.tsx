import { Section } from "@react-email/components";
import type { JSX } from "react";
import { formatAuthors, oneLine, plural, truncate } from "./format";
import { SafeLink } from "./safe-link";
import { colors } from "./theme";
import { Paragraph } from "./paragraph";

/** What a mail shows of a paper. `url` is its absolute page on the site. */
export type MailPaper = { id: string; title: string; authors: string[]; abstract: string; votes: number; url: string };

/** About two lines of a 600px mail at 14px. */
export const ABSTRACT_LENGTH = 220;

/** One paper as the site's cards show it: linked title, authors, the start of the abstract, votes. */
export function PaperItem({ paper, rank }: { paper: MailPaper; rank?: number }): JSX.Element {
  const authors = formatAuthors(paper.authors);
  return (
    <Section style={item}>
      <Paragraph style={title}>
        {rank !== undefined ? `${rank}. ` : null}
        <SafeLink href={paper.url} style={titleLink}>
          {oneLine(paper.title)}
        </SafeLink>
      </Paragraph>
      {authors ? <Paragraph style={authorsStyle}>{authors}</Paragraph> : null}
      <Paragraph style={abstract}>{truncate(paper.abstract, ABSTRACT_LENGTH)}</Paragraph>
      <Paragraph style={votes}>{plural(paper.votes, "vote")}</Paragraph>
    </Section>
  );
}

const item = { margin: "0 0 20px" };
const title = { fontSize: "16px", lineHeight: "22px", fontWeight: 600, margin: 0, color: colors.text };
const titleLink = { color: colors.link };
const authorsStyle = { fontSize: "13px", lineHeight: "18px", margin: "2px 0 0", color: colors.muted };
const abstract = { fontSize: "14px", lineHeight: "21px", margin: "6px 0 0", color: colors.text };
const votes = { fontSize: "12px", lineHeight: "18px", margin: "4px 0 0", color: colors.muted };
