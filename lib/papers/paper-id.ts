import { createHash } from "node:crypto";

/**
 * A paper's stable public id, derived from its identity (normalised title or arXiv id),
 * so the same paper gets the same URL on every machine and every re-import.
 */
export function paperIdFor(identity: string): string {
  return createHash("sha256").update(identity).digest("hex").slice(0, 12);
}
