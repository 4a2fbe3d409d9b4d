import { describe, expect, it } from "vitest";
import { decodeTexAccents } from "@/lib/ingest/arxiv-snapshot/tex-accents";

describe("decodeTexAccents", () => {
  it.each([
    [String.raw`Bal\'azs`, "Balázs"],
    [String.raw`Ir\`ene`, "Irène"],
    [String.raw`Cr\^epe`, "Crêpe"],
    [String.raw`G\"odel`, "Gödel"],
    [String.raw`Nu\~nez`, "Nuñez"],
    [String.raw`\=abc`, "ābc"],
    [String.raw`\.Zukowski`, "Żukowski"],
    [String.raw`Ro\u{a}`, "Roă"],
    [String.raw`\v{C}ech`, "Čech"],
    [String.raw`Erd\H{o}s`, "Erdős"],
    [String.raw`Fran\c{c}ois`, "François"],
    [String.raw`Ch\k{a}d`, "Chąd"],
  ])("decodes the accent in %s", (tex, unicode) => {
    expect(decodeTexAccents(tex)).toBe(unicode);
  });

  it.each([
    [String.raw`G{\"o}del`, "Gödel"],
    [String.raw`G\"{o}del`, "Gödel"],
    [String.raw`G\" odel`, String.raw`G\" odel`], // a control symbol takes no space: not an accent
    [String.raw`Mart\'{\i}nez`, "Martínez"],
    [String.raw`Mart\'\i nez`, "Martínez"],
    [String.raw`Mart{\'\i}nez`, "Martínez"],
    [String.raw`{\v S}ediv\'y`, "Šedivý"],
    [String.raw`\v c`, "č"],
    [String.raw`Fran{\c c}ois`, "François"],
  ])("accepts the brace and space spellings: %s", (tex, unicode) => {
    expect(decodeTexAccents(tex)).toBe(unicode);
  });

  it.each([
    [String.raw`Ki\ss ling`, "Kißling"],
    [String.raw`Ki\ss{}ling`, "Kißling"],
    [String.raw`{\o}rsted`, "ørsted"],
    [String.raw`\O ystein`, "Øystein"],
    [String.raw`\L{}ukasz Kai\l a`, "Łukasz Kaiła"],
    [String.raw`\AA ngstr\"om and \aa`, "Ångström and å"],
    [String.raw`\ae sthetics, \AE gir, \oe uvre`, "æsthetics, Ægir, œuvre"],
    [String.raw`\i`, "ı"],
  ])("decodes the special letters in %s", (tex, unicode) => {
    expect(decodeTexAccents(tex)).toBe(unicode);
  });

  it("removes stray braces around single letters only", () => {
    expect(decodeTexAccents("{B}ayesian {GPU} {\\\"U}ber")).toBe("Bayesian {GPU} Über");
  });

  it("leaves math untouched", () => {
    expect(decodeTexAccents(String.raw`Schr\"odinger on $\hat{H}\"{o}$ and $$\v{x}\'a$$ by G\"odel`)).toBe(
      String.raw`Schrödinger on $\hat{H}\"{o}$ and $$\v{x}\'a$$ by Gödel`,
    );
  });

  it("does not mistake other commands for accents", () => {
    expect(decodeTexAccents(String.raw`\vec{v} \cite{x} \int \u8 \today`)).toBe(String.raw`\vec{v} \cite{x} \int \u8 \today`);
  });

  it("returns NFC, so composed and decomposed input compare equal", () => {
    const decoded = decodeTexAccents(String.raw`Bal\'azs`);
    expect(decoded).toBe("Bal\u00e1zs");
    expect(decoded).toHaveLength(6);
    expect(decodeTexAccents("Bala\u0301zs")).toBe("Bal\u00e1zs");
  });
});
