// Decodes the LaTeX accent commands arXiv metadata is full of ("Bal\'azs",
// "G\"{o}del", "{\v S}ediv\'y", "Ki\ss ling") into Unicode, so names and titles
// display and search like their real spelling. Math ($...$) is left untouched:
// there "\hat" or "\tilde" mean something else and the page renders it with KaTeX.

// Accent command -> Unicode combining mark; NFC later composes base + mark.
const SYMBOL_ACCENTS: Record<string, string> = {
  "'": "\u0301", // acute
  "`": "\u0300", // grave
  "^": "\u0302", // circumflex
  '"': "\u0308", // diaeresis
  "~": "\u0303", // tilde
  "=": "\u0304", // macron
  ".": "\u0307", // dot above
};
const LETTER_ACCENTS: Record<string, string> = {
  u: "\u0306", // breve
  v: "\u030C", // caron
  H: "\u030B", // double acute
  c: "\u0327", // cedilla
  k: "\u0328", // ogonek
  r: "\u030A", // ring above
};

// Letters spelled as control words. \i and \j are the dotless letters, which as an
// accent's base ("\'{\i}") stand for plain i and j.
const SPECIAL_LETTERS: Record<string, string> = {
  ss: "ß", o: "ø", O: "Ø", l: "ł", L: "Ł", aa: "å", AA: "Å", ae: "æ", AE: "Æ", oe: "œ", OE: "Œ", i: "ı", j: "ȷ",
};

// The letter an accent sits on: "a", "\i", "{a}" or "{\i}". A bare "\i" is a control
// word, so TeX swallows the space after it ("\'\i nez" is "ínez").
const BARE_BASE = String.raw`(?<bare>\\[ij](?![A-Za-z]) ?|[A-Za-z])`;
const BASE = String.raw`(?:\{\s*(?<braced>\\[ij]|[A-Za-z])\s*\}|${BARE_BASE})`;
// Symbol accents take their letter straight away ("\'a"); letter accents need a
// brace or a space after the command ("\v{c}", "\v c"), as in TeX.
const SYMBOL_ACCENT = new RegExp(String.raw`\\(?<accent>['\x60^"~=.])${BASE}`, "g");
const LETTER_ACCENT = new RegExp(
  String.raw`\\(?<accent>[uvHckr])(?:\s*\{\s*(?<braced>\\[ij]|[A-Za-z])\s*\}|\s+${BARE_BASE})`,
  "g",
);
// TeX swallows the space or "{}" after a control word: "Ki\ss ling", "\o{}rsted".
const SPECIAL_LETTER = /\\(?<name>ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![A-Za-z])(?:\{\}| )?/g;
// "{\"o}" ends up as "{ö}"; braces around one letter only kept it from BibTeX's case
// changes. An argument of a command ("\vec{v}") keeps its braces.
const BRACED_LETTER = /(?<!\\[A-Za-z]+\s*)\{(\p{L}\p{M}*)\}/gu;
// $...$ and $$...$$, not opened or closed by an escaped "\$".
const MATH = /(?<!\\)\$\$[\s\S]*?(?<!\\)\$\$|(?<!\\)\$[\s\S]*?(?<!\\)\$/g;

type AccentGroups = { accent: string; braced?: string; bare?: string };

function accentReplacer(marks: Record<string, string>) {
  return (...args: unknown[]): string => {
    const groups = args.at(-1) as AccentGroups;
    const base = (groups.braced ?? groups.bare ?? "").replace(/^\\/, "").trim();
    return base + marks[groups.accent]!;
  };
}

function decodeText(text: string): string {
  return text
    .replace(SYMBOL_ACCENT, accentReplacer(SYMBOL_ACCENTS))
    .replace(LETTER_ACCENT, accentReplacer(LETTER_ACCENTS))
    .replace(SPECIAL_LETTER, (_match, name: string) => SPECIAL_LETTERS[name]!)
    .replace(BRACED_LETTER, "$1");
}

/** Unicode (NFC) for LaTeX accents and special letters outside math. */
export function decodeTexAccents(text: string): string {
  if (!text.includes("\\") && !text.includes("{")) return text.normalize("NFC");
  let decoded = "";
  let last = 0;
  for (const math of text.matchAll(MATH)) {
    decoded += decodeText(text.slice(last, math.index)) + math[0];
    last = math.index + math[0].length;
  }
  decoded += decodeText(text.slice(last));
  return decoded.normalize("NFC");
}
