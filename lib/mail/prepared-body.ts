// A text and HTML body sent to many recipients, who differ only in a few strings (their
// unsubscribe link): MIME-encoded once, not once per message. Quoted-printable encoding
// an 18 KB body was most of nodemailer's work per digest message; here a message only
// encodes its own strings and joins them with the encoded rest.
//
// Each piece is encoded on its own lines: a soft line break ("=" at the end of a line)
// joins them, which decoding removes, so the decoded body is exactly the pieces
// concatenated, whatever their lengths.
import { encode, wrap } from "nodemailer/lib/qp";

/** One alternative's pieces: encoded literal text, with slot numbers between them. */
type EncodedPart = { contentType: string; pieces: (string | number)[] };

/** A body with named slots, encoded once (prepareBody); fillBody makes each recipient's copy. */
export type BodyTemplate = {
  slots: readonly string[];
  text: EncodedPart;
  html: EncodedPart;
  /** The unencoded parts split at the slots, for plainBody(). */
  source: { text: (string | number)[]; html: (string | number)[] };
};

/** One recipient's body: each part a MIME entity (headers and quoted-printable content), as nodemailer takes a `raw` alternative. */
export type PreparedBody = {
  text: string;
  html: string;
  /** The template and this copy's values, for plainBody(). */
  template: BodyTemplate;
  values: { text: readonly string[]; html: readonly string[] };
};

/** Quoted-printable lines hold at most 76 characters; a piece leaves room for the "=" that joins it to the next. */
const PIECE_LINE_LENGTH = 75;
const SOFT_BREAK = "=\r\n";

function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n|\r|\n/g, "\r\n");
}

/** `text` cut at every occurrence of any slot string: literals, with the slot's index between them. */
function splitAtSlots(text: string, slots: readonly string[]): (string | number)[] {
  const pieces: (string | number)[] = [];
  let from = 0;
  for (;;) {
    let next = -1;
    let slot = -1;
    slots.forEach((s, index) => {
      const at = text.indexOf(s, from);
      if (at !== -1 && (next === -1 || at < next)) [next, slot] = [at, index];
    });
    if (next === -1) break;
    pieces.push(text.slice(from, next), slot);
    from = next + slots[slot].length;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function encodePiece(text: string): string {
  return wrap(encode(text), PIECE_LINE_LENGTH);
}

/** Joins encoded pieces; a piece that ended its line with a real line break needs no soft one. */
function joinEncoded(encoded: string[]): string {
  let out = "";
  for (const piece of encoded) {
    if (piece === "") continue;
    if (out !== "" && !out.endsWith("\r\n")) out += SOFT_BREAK;
    out += piece;
  }
  return out;
}

function encodePart(contentType: string, source: (string | number)[]): EncodedPart {
  return { contentType, pieces: source.map((piece) => (typeof piece === "number" ? piece : encodePiece(piece))) };
}

/**
 * Encodes `body` once; `slots` are the strings (placeholders) each recipient's copy
 * replaces. A slot string must not contain a line break.
 */
export function prepareBody(body: { text: string; html: string }, slots: readonly string[]): BodyTemplate {
  if (slots.some((slot) => slot === "" || /[\r\n]/.test(slot))) throw new Error("a body slot must be a non-empty string without line breaks");
  const source = { text: splitAtSlots(normalizeLineBreaks(body.text), slots), html: splitAtSlots(normalizeLineBreaks(body.html), slots) };
  return {
    slots,
    text: encodePart("text/plain; charset=utf-8", source.text),
    html: encodePart("text/html; charset=utf-8", source.html),
    source,
  };
}

function fillPart(part: EncodedPart, values: readonly string[]): string {
  const content = joinEncoded(part.pieces.map((piece) => (typeof piece === "number" ? encodePiece(normalizeLineBreaks(values[piece])) : piece)));
  return `Content-Type: ${part.contentType}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${content}`;
}

/** One recipient's copy: each slot of the text replaced by `values.text[i]`, of the HTML by `values.html[i]` (escaped by the caller). */
export function fillBody(template: BodyTemplate, values: { text: readonly string[]; html: readonly string[] }): PreparedBody {
  if (values.text.length !== template.slots.length || values.html.length !== template.slots.length) {
    throw new Error(`a body template has ${template.slots.length} slots`);
  }
  return { text: fillPart(template.text, values.text), html: fillPart(template.html, values.html), template, values };
}

/** The text and HTML a prepared body decodes to (tests, the digest benchmark's sample). */
export function plainBody(body: PreparedBody): { text: string; html: string } {
  const join = (pieces: (string | number)[], values: readonly string[]) =>
    pieces.map((piece) => (typeof piece === "number" ? normalizeLineBreaks(values[piece]) : piece)).join("");
  return { text: join(body.template.source.text, body.values.text), html: join(body.template.source.html, body.values.html) };
}
