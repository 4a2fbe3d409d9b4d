// The one error network adapters throw when a source cannot be read at all (as
// opposed to a single bad record, which is a RecordIssue). Carrying the URL and
// the HTTP status lets the ingest job log and decide without parsing messages.

export type IngestFetchErrorOptions = {
  /** The URL that failed (the last one tried). */
  url: string;
  /** HTTP status when the server answered; absent for timeouts and network errors. */
  status?: number;
  /** The underlying error, e.g. the fetch TypeError or a JSON SyntaxError. */
  cause?: unknown;
};

export class IngestFetchError extends Error {
  readonly url: string;
  readonly status?: number;

  constructor(message: string, options: IngestFetchErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IngestFetchError";
    this.url = options.url;
    if (options.status !== undefined) this.status = options.status;
  }
}
