import { Heading, Section } from "@react-email/components";
import type { JSX } from "react";
import { formatDate, isoDay } from "@/lib/format/dates";
import { FooterText, Layout } from "./components/layout";
import { oneLine, truncate } from "./components/format";
import { PaperItem, type MailPaper } from "./components/paper-item";
import { SafeLink } from "./components/safe-link";
import { colors } from "./components/theme";
import { Paragraph } from "./components/paragraph";

export type DigestPaper = MailPaper;

export type DailyDigestProps = {
  /** The UTC edition date, "2026-11-23". */
  date: string;
  /** The top N trending papers, in order; [] hides the section (a keywords-only subscriber). */
  papers: DigestPaper[];
  /** The subscriber's "For you" papers; [] hides the section. */
  forYou: DigestPaper[];
  /** The keywords "For you" followed, shown as one short line; [] for none. */
  keywords: string[];
  /** Absolute URL of /digest/YYYY-MM-DD. */
  viewInBrowserUrl: string;
  /** Absolute. */
  preferencesUrl: string;
  /** Absolute, per subscriber. */
  unsubscribeUrl: string;
};

const SUBJECT_TITLE_LENGTH = 80;
const SHOWN_KEYWORDS = 8;

const LONG_DATE = new Intl.DateTimeFormat("en", {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

/** The edition date as a Date at UTC midnight; throws on anything but a real YYYY-MM-DD day. */
function editionDate(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  // The round trip rejects both garbage and impossible days such as 2026-02-30.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || isoDay(parsed) !== date) {
    throw new Error(`daily digest: date must be a YYYY-MM-DD day, got ${JSON.stringify(date)}`);
  }
  return parsed;
}

/** "Paperboy · Nov 23, 2026: <top paper title, cut to ~80 characters>"; see topPaper(). */
export function dailyDigestSubject(date: string, topTitle?: string): string {
  const head = `Paperboy · ${formatDate(editionDate(date))}`;
  // truncate() also makes it one line: a line break in a subject header is never wanted.
  const title = topTitle === undefined ? "" : truncate(topTitle, SUBJECT_TITLE_LENGTH);
  return title ? `${head}: ${title}` : head;
}

/** The paper a mail leads with: the top trending one, else (a keywords-only subscriber's mail) the first For-you one. */
export function topPaper({ papers, forYou }: Pick<DailyDigestProps, "papers" | "forYou">): DigestPaper | undefined {
  return papers[0] ?? forYou[0];
}

/** "diffusion, robotics, … and 3 more": one short line however many keywords were followed. */
function keywordLine(keywords: string[]): string {
  const shown = keywords.slice(0, SHOWN_KEYWORDS).map(oneLine).join(", ");
  const rest = keywords.length - SHOWN_KEYWORDS;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

export function DailyDigest({
  date,
  papers,
  forYou,
  keywords,
  viewInBrowserUrl,
  preferencesUrl,
  unsubscribeUrl,
}: DailyDigestProps): JSX.Element {
  const day = editionDate(date);
  // A subscriber who only follows keywords gets no trending list: their mail leads with For you.
  const lead = papers.length > 0 ? papers : forYou;
  const preview = lead.length > 0 ? lead.slice(0, 3).map((paper) => oneLine(paper.title)).join(" · ") : "Today's trending research papers";
  return (
    <Layout
      title={dailyDigestSubject(date, topPaper({ papers, forYou })?.title)}
      preview={preview}
      dateLine={
        <>
          {LONG_DATE.format(day)} · <SafeLink href={viewInBrowserUrl}>View in browser</SafeLink>
        </>
      }
      footer={
        <>
          <FooterText>
            You get this email because you subscribed to Paperboy&apos;s daily digest of trending research papers.
          </FooterText>
          <FooterText>
            <SafeLink href={preferencesUrl}>Manage preferences</SafeLink> · <SafeLink href={unsubscribeUrl}>Unsubscribe</SafeLink>
          </FooterText>
        </>
      }
    >
      {papers.length > 0 ? (
        <Section>
          <Heading as="h2" style={sectionHeading}>
            Trending today
          </Heading>
          {papers.map((paper, index) => (
            <PaperItem key={paper.id} paper={paper} rank={index + 1} />
          ))}
        </Section>
      ) : null}
      {papers.length === 0 && forYou.length === 0 ? <Paragraph style={note}>No papers trended today.</Paragraph> : null}
      {forYou.length > 0 ? (
        <Section>
          <Heading as="h2" style={sectionHeading}>
            For you
          </Heading>
          {keywords.length > 0 ? <Paragraph style={note}>Matching your keywords: {keywordLine(keywords)}</Paragraph> : null}
          {forYou.map((paper) => (
            <PaperItem key={paper.id} paper={paper} />
          ))}
        </Section>
      ) : null}
    </Layout>
  );
}

const sectionHeading = { fontSize: "18px", lineHeight: "24px", fontWeight: 700, margin: "0 0 12px", color: colors.text };
const note = { fontSize: "13px", lineHeight: "20px", margin: "0 0 12px", color: colors.muted };

DailyDigest.PreviewProps = {
  date: "2026-11-23",
  papers: [
    {
      id: "2611.01234",
      title: "Scaling Test-Time Compute for Diffusion Language Models",
      authors: ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Leslie Lamport"],
      abstract:
        "We study how diffusion language models trade inference compute for quality. Allowing more denoising steps at test time improves reasoning benchmarks by up to 12 points, and a learned schedule matches a fixed one at half the cost. We release code and checkpoints.",
      votes: 214,
      url: "https://paperboy.example/papers/2611.01234",
    },
    {
      id: "2611.04321",
      title: "Sparse Autoencoders Find Interpretable Features in Protein Language Models",
      authors: ["Rosalind Franklin", "Linus Pauling"],
      abstract: "Sparse autoencoders trained on $\\text{ESM-2}$ activations recover features aligned with secondary structure.",
      votes: 1,
      url: "https://paperboy.example/papers/2611.04321",
    },
  ],
  forYou: [
    {
      id: "2611.05555",
      title: "Robot Learning from a Single Video Demonstration",
      authors: [],
      abstract: "A policy learned from one human video generalises to new objects.",
      votes: 37,
      url: "https://paperboy.example/papers/2611.05555",
    },
  ],
  keywords: ["robotics", "imitation learning"],
  viewInBrowserUrl: "https://paperboy.example/digest/2026-11-23",
  preferencesUrl: "https://paperboy.example/preferences",
  unsubscribeUrl: "https://paperboy.example/unsubscribe?token=preview",
} satisfies DailyDigestProps;

// React Email's preview server (`email dev`) opens a template's default export.
export default DailyDigest;
