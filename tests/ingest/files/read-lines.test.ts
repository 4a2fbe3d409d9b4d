import { statSync, createReadStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLines, type FileLine } from "@/lib/ingest/files/read-lines";

async function collect(input: Readable, options?: { skipLines?: number }): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const line of readLines(input, options)) lines.push(line);
  return lines;
}

const chunks = (...parts: (string | number[])[]) =>
  Readable.from(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));

describe("readLines", () => {
  it("splits on \\n and \\r\\n and counts the bytes of each line ending", async () => {
    expect(await collect(chunks("one\r\ntwo\n\nthree\n"))).toEqual([
      { line: "one", lineNumber: 1, bytesRead: 5 },
      { line: "two", lineNumber: 2, bytesRead: 9 },
      { line: "", lineNumber: 3, bytesRead: 10 },
      { line: "three", lineNumber: 4, bytesRead: 16 },
    ]);
  });

  it("yields a last line that has no newline", async () => {
    expect(await collect(chunks("a\nlast"))).toEqual([
      { line: "a", lineNumber: 1, bytesRead: 2 },
      { line: "last", lineNumber: 2, bytesRead: 6 },
    ]);
  });

  it("joins lines and multi-byte characters split across chunks", async () => {
    // "é" is C3 A9, "€" is E2 82 AC, "😀" is F0 9F 98 80: each cut between its bytes.
    const lines = await collect(chunks("caf", [0xc3], [0xa9, 0x0a, 0xe2, 0x82], [0xac, 0x20, 0xf0], [0x9f, 0x98], [0x80], "\r", "\nend"));
    expect(lines).toEqual([
      { line: "café", lineNumber: 1, bytesRead: 6 },
      { line: "€ 😀", lineNumber: 2, bytesRead: 16 },
      { line: "end", lineNumber: 3, bytesRead: 19 },
    ]);
  });

  it("handles a \\r\\n split between chunks and a chunk holding many lines", async () => {
    expect((await collect(chunks("x\r", "\ny\nz\n"))).map(({ line }) => line)).toEqual(["x", "y", "z"]);
  });

  it("skips the first lines but keeps numbering and byte counts", async () => {
    expect(await collect(chunks("l1\nl", "2\nl3\nl4"), { skipLines: 2 })).toEqual([
      { line: "l3", lineNumber: 3, bytesRead: 9 },
      { line: "l4", lineNumber: 4, bytesRead: 11 },
    ]);
    expect(await collect(chunks("l1\nl2"), { skipLines: 5 })).toEqual([]);
  });

  it("drops a UTF-8 byte order mark from the first line only", async () => {
    expect(await collect(chunks([0xef, 0xbb, 0xbf], "a\n\uFEFFb\n"))).toEqual([
      { line: "a", lineNumber: 1, bytesRead: 5 },
      { line: "\uFEFFb", lineNumber: 2, bytesRead: 10 },
    ]);
  });

  it("accepts string chunks and an empty stream", async () => {
    expect(await collect(Readable.from(["ü\n", "x"], { objectMode: true }))).toEqual([
      { line: "ü", lineNumber: 1, bytesRead: 3 },
      { line: "x", lineNumber: 2, bytesRead: 4 },
    ]);
    expect(await collect(Readable.from([]))).toEqual([]);
  });

  it("ends with bytesRead equal to the file size, reading in small chunks", async () => {
    const path = join(import.meta.dirname, "../../fixtures/arxiv-snapshot/sample.jsonl");
    const lines = await collect(createReadStream(path, { highWaterMark: 7 }));
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)!.bytesRead).toBe(statSync(path).size);
    expect(lines[7]).toMatchObject({ line: "", lineNumber: 8 });
    expect(lines[0]!.line.startsWith('{"id":"2401.01234"')).toBe(true);
  });

  it("lets the caller stop early", async () => {
    const stream = chunks("a\nb\nc\n");
    for await (const { line } of readLines(stream)) if (line === "a") break;
    expect(stream.destroyed).toBe(true);
  });
});
