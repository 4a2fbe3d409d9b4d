import type { HttpGet, IngestRecord, Sleep } from "../record";
import { realSleep } from "../record";

/** What a network source needs from the outside world; tests replace all of it. */
export type NetworkDeps = { http: HttpGet; sleep: Sleep; log?: (line: string) => void };

export const realNetwork = (log?: (line: string) => void): NetworkDeps => ({ http: (url, init) => fetch(url, init), sleep: realSleep, log });

/** Names a record in a report when its place in the response is not at hand. */
export const recordLabel = (record: IngestRecord): string => (record.arxivId ? `arXiv ${record.arxivId}` : `"${record.title.slice(0, 60)}"`);
