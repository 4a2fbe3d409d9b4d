// Streams a (possibly multi-gigabyte) line-based file line by line: the arXiv
// snapshot is ~4 GB, so it is never held in memory. Lines are split on bytes and
// decoded only when complete, which keeps a UTF-8 character split across two
// chunks intact, and makes the byte count exact for a progress bar.
import type { Readable } from "node:stream";

export type FileLine = {
  /** Without its "\n" or "\r\n". */
  line: string;
  /** 1-based, counting skipped lines too. */
  lineNumber: number;
  /** Bytes consumed up to and including this line's line ending. */
  bytesRead: number;
};

export type ReadLinesOptions = {
  /**
   * Lines to skip without decoding (resuming an interrupted import). They still
   * count for lineNumber and bytesRead.
   */
  skipLines?: number;
};

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = "\uFEFF";

function decodeLine(bytes: Buffer, isFirstLine: boolean): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length;
  const line = bytes.toString("utf8", 0, end);
  // Editors on Windows may start a UTF-8 file with a byte order mark.
  return isFirstLine && line.startsWith(BYTE_ORDER_MARK) ? line.slice(1) : line;
}

// Streams yield Buffers, or strings after setEncoding(); a string's UTF-8 length is
// what the file held as long as the file was valid UTF-8.
function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`readLines: unexpected chunk of type ${typeof chunk}`);
}

export async function* readLines(
  input: NodeJS.ReadableStream | Readable,
  options: ReadLinesOptions = {},
): AsyncGenerator<FileLine> {
  const skipLines = options.skipLines ?? 0;
  // Pieces of the line that is still open at the end of a chunk. A list, so a very
  // long line arriving in many chunks is joined once, not once per chunk.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  let bytesRead = 0;

  for await (const chunk of input as AsyncIterable<unknown>) {
    const buffer = toBuffer(chunk);
    let start = 0;
    for (let newline = buffer.indexOf(NEWLINE, start); newline !== -1; newline = buffer.indexOf(NEWLINE, start)) {
      lineNumber += 1;
      const tail = buffer.subarray(start, newline);
      bytesRead += pendingBytes + tail.length + 1;
      if (lineNumber > skipLines) {
        const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
        yield { line: decodeLine(bytes, lineNumber === 1), lineNumber, bytesRead };
      }
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
    if (start < buffer.length) {
      const rest = buffer.subarray(start);
      // Skipped lines need only their length, not their bytes.
      if (lineNumber + 1 > skipLines) pending.push(rest);
      pendingBytes += rest.length;
    }
  }

  // A last line without a final newline.
  if (pendingBytes > 0) {
    lineNumber += 1;
    bytesRead += pendingBytes;
    if (lineNumber > skipLines) yield { line: decodeLine(Buffer.concat(pending), lineNumber === 1), lineNumber, bytesRead };
  }
}
