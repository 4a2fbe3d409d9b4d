// Authors for the synthetic arXiv snapshot (bench/snapshot-corpus.ts): a pool of names
// drawn so a few authors sign hundreds of papers and most sign one or two, as on arXiv,
// written the way the snapshot writes them: the `authors` string with LaTeX accents
// ("C. Bal\'azs, E. L. Berger and P. Nadolsky") and `authors_parsed` with the names
// decoded (["Balázs", "C.", ""]), now and then with TeX left in, as older records have.
import { decodeTexAccents } from "@/lib/ingest/arxiv-snapshot/tex-accents";

// Spelled as in arXiv metadata; about one in eight carries a TeX accent.
const FIRST_NAMES = [
  "Wei", "Yang", "Jun", "Li", "Xin", "Hao", "Yu", "Jing", "Lei", "Chen", "Zhi-Hua", "Jun-Yan", "Yi-Ting", "Min-Jun", "Ji-Woo",
  "Hiroshi", "Yuki", "Takeshi", "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sanjay", "Arjun", "Deepak", "Neha",
  "John", "Michael", "David", "James", "Robert", "Daniel", "Thomas", "Andrew", "Matthew", "Christopher", "Benjamin",
  "Sarah", "Emily", "Laura", "Anna", "Maria", "Elena", "Julia", "Sophie", "Olivia", "Rachel", "Hannah", "Katherine",
  "Alexander", "Sergey", "Dmitry", "Ivan", "Olga", "Natalia", "Pavel", "Andrei", "Mikhail", "Tatiana",
  "Luca", "Marco", "Giulia", "Francesca", "Pierre", "Camille", "Nicolas", "Mathieu", "Lukas", "Felix", "Jonas", "Lena",
  "Carlos", "Javier", "Miguel", "Pablo", "Lucia", "Ahmed", "Omar", "Fatima", "Yusuf", "Mehmet", "Ali", "Reza", "Sara",
  "J\\'er\\^ome", "Bj\\\"orn", "Ren\\'e", "Fran\\c{c}ois", "Zolt\\'an", "J\\\"urgen", "Andr\\'e", "Jos\\'e",
  "St\\'ephane", "Ma\\l gorzata", "S\\o ren", "H\\aa kon", "Fabi\\'an", "In\\^es", "C\\'eline", "Ya\\u{g}mur",
];
const LAST_NAMES = [
  "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo",
  "He", "Lin", "Luo", "Gao", "Zheng", "Liang", "Xie", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao",
  "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Tanaka", "Suzuki", "Sato", "Watanabe", "Yamamoto",
  "Nakamura", "Kobayashi", "Singh", "Kumar", "Sharma", "Gupta", "Patel", "Reddy", "Iyer", "Rao", "Mehta", "Agarwal",
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
  "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
  "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
  "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
  "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson",
  "Ivanov", "Petrov", "Smirnov", "Volkov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Novikov", "Morozov",
  "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Dubois", "Durand", "Lefebvre",
  "Moreau", "Laurent", "Simon", "Michel", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
  "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Hartmann", "Lange", "Jansen", "de Vries",
  "van den Berg", "Bakker", "Visser", "Smit", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Perez", "Sanchez",
  "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Cruz", "Morales", "Ortiz", "Silva", "Santos", "Oliveira",
  "Pereira", "Costa", "Ferreira", "Almeida", "Nguyen", "Tran", "Pham", "Le", "Hoang", "Khan", "Hassan", "Hussein",
  "Yilmaz", "Kaya", "Demir", "Cohen", "Levi", "Friedman", "Nielsen", "Hansen", "Larsen", "Andersson", "Johansson",
  "Bal\\'azs", "M\\\"uller", "Garc\\'{\\i}a", "Dvo\\v{r}\\'ak", "Ki\\ss ling", "Sch\\\"olkopf", "Erd\\H{o}s",
  "Ca\\~nas", "Ho\\v{c}evar", "Gon\\c{c}alves", "{\\v S}ediv\\'y", "Nu\\~nez", "\\c{C}elik", "\\\"Ozt\\\"urk",
  "B\\\"ottcher", "\\O stergaard", "Gonz\\'alez", "Jim\\'enez", "G\\\"unther", "Kr\\\"uger", "Fern\\'andez",
];
const AFFILIATIONS = [
  "MIT", "Stanford University", "Tsinghua University", "Google DeepMind", "ETH Zurich", "University of Oxford",
  "Carnegie Mellon University", "Peking University", "INRIA", "Max Planck Institute for Intelligent Systems",
  "University of Toronto", "KAIST", "Microsoft Research", "EPFL", "University of Tokyo", "IIT Bombay",
];
// Authors per paper, 1..12 (index + 1), weights as in recent cs.* listings: mode 4, mean ~5.
const AUTHOR_COUNT_WEIGHTS = [6, 12, 16, 17, 14, 10, 7, 5, 4, 3, 3, 3];
/** Pool index = floor(pool · u^SKEW): the head authors sign ~0.05% of the papers, the tail one or two. */
const SKEW = 1.5;

/** An author as the snapshot writes them: in the `authors` string, and as an `authors_parsed` entry. */
export type SnapshotAuthor = { written: string; parsed: [last: string, first: string, suffix: string] };

/** A 32-bit integer hash (lowbias32): names follow from pool indexes without storing the pool. */
function hash(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The name behind pool index `index`, the same in every paper it signs. */
function poolAuthor(index: number, salt: number): SnapshotAuthor {
  const h1 = hash(index ^ salt);
  const h2 = hash(h1 + index);
  const h3 = hash(h2 ^ 0x9e3779b9);
  const first = FIRST_NAMES[h1 % FIRST_NAMES.length];
  // A quarter go by an initial ("J. Smith"), many add a middle initial ("Wei X. Chen").
  const given = h2 % 4 === 0 ? `${decodeTexAccents(first)[0]}.` : first;
  const middle = h3 % 10 < 4 ? ` ${String.fromCharCode(65 + ((h3 >>> 8) % 26))}.` : "";
  let last = LAST_NAMES[(h1 >>> 8) % LAST_NAMES.length];
  if (h3 % 100 >= 80) last = `${last}-${LAST_NAMES[(h2 >>> 12) % LAST_NAMES.length]}`;
  const firstPart = `${given}${middle}`;
  return { written: `${firstPart} ${last}`, parsed: [last, firstPart, ""] };
}

export type AuthorDraw = { authors: SnapshotAuthor[]; affiliations: (string | null)[] };

/** Draws a paper's authors from a pool of `poolSize` names. */
export function createAuthorSampler(random: () => number, poolSize: number, salt: number) {
  const totalWeight = AUTHOR_COUNT_WEIGHTS.reduce((sum, w) => sum + w, 0);
  const count = () => {
    let left = random() * totalWeight;
    for (const [index, weight] of AUTHOR_COUNT_WEIGHTS.entries()) if ((left -= weight) < 0) return index + 1;
    return AUTHOR_COUNT_WEIGHTS.length;
  };
  return (): AuthorDraw => {
    const authors: SnapshotAuthor[] = [];
    const seen = new Set<string>();
    for (let n = count(), tries = 0; authors.length < n && tries < 4 * n; tries += 1) {
      const author = poolAuthor(Math.floor(poolSize * random() ** SKEW), salt);
      // One name signs a paper once (two pool indexes can share a name, as two people can).
      if (seen.has(author.written)) continue;
      seen.add(author.written);
      authors.push(author);
    }
    // Some records list affiliations: "A. Smith (MIT)" and ["Smith", "A.", "", "MIT"].
    const affiliations = authors.map(() => null as string | null);
    if (random() < 0.06) affiliations.forEach((_, i) => (affiliations[i] = AFFILIATIONS[Math.floor(random() * AFFILIATIONS.length)]));
    return { authors, affiliations };
  };
}

/** "A, B and C" with LaTeX accents as typed, affiliations in parentheses. */
export function authorsString({ authors, affiliations }: AuthorDraw): string {
  const names = authors.map((a, i) => (affiliations[i] ? `${a.written} (${affiliations[i]})` : a.written));
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The `authors_parsed` list; `decode` false keeps the TeX, as some older records do. */
export function authorsParsed({ authors, affiliations }: AuthorDraw, decode: boolean): string[][] {
  return authors.map(({ parsed }, i) => {
    const entry = decode ? parsed.map((part) => decodeTexAccents(part)) : [...parsed];
    const affiliation = affiliations[i];
    return affiliation ? [...entry, affiliation] : entry;
  });
}

/** How the app will display an author: "First Last" with accents decoded. */
export function displayName(author: SnapshotAuthor): string {
  return decodeTexAccents(`${author.parsed[1]} ${author.parsed[0]}`);
}
