// arXiv categories ("cs.LG"): how they are validated wherever they come in (env, URLs,
// ingested records) and how they are named for readers.
import { z } from "zod";
import { emptyAsUnset } from "../validation/params";

/** "cs.LG", "stat.ML", "hep-th", "q-bio.NC": archive, then an optional subject class. */
export const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

export const categorySchema = z.string().trim().regex(ARXIV_CATEGORY, 'must be an arXiv category like "cs.LG"');

/** `?category=` on list and search pages; absent or empty means every category. */
export const categoryParam = z.preprocess(emptyAsUnset, categorySchema.optional());

// The categories an ML reader meets most; others show as their code.
const NAMES: Record<string, string> = {
  "cs.AI": "Artificial Intelligence",
  "cs.CL": "Computation and Language",
  "cs.CR": "Cryptography and Security",
  "cs.CV": "Computer Vision",
  "cs.DC": "Distributed Computing",
  "cs.GR": "Graphics",
  "cs.HC": "Human-Computer Interaction",
  "cs.IR": "Information Retrieval",
  "cs.LG": "Machine Learning",
  "cs.MA": "Multiagent Systems",
  "cs.NE": "Neural and Evolutionary Computing",
  "cs.RO": "Robotics",
  "cs.SD": "Sound",
  "cs.SE": "Software Engineering",
  "eess.AS": "Audio and Speech Processing",
  "eess.IV": "Image and Video Processing",
  "math.OC": "Optimization and Control",
  "q-bio.NC": "Neurons and Cognition",
  "stat.ML": "Machine Learning (Statistics)",
};

export function categoryName(category: string): string {
  return NAMES[category] ?? category;
}
