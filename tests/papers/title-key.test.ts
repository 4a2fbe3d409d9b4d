import { describe, expect, it } from "vitest";
import { titleKey } from "../../lib/papers/title-key";

describe("titleKey", () => {
  it("lower-cases and collapses punctuation and whitespace to single spaces", () => {
    expect(titleKey("Ctrl-U: Robust Conditional Image Generation via Uncertainty-aware Reward Modeling")).toBe(
      "ctrl u robust conditional image generation via uncertainty aware reward modeling",
    );
    expect(titleKey("  Up or Down?   Adaptive\tRounding\n")).toBe("up or down adaptive rounding");
  });

  it("merges variants of the same title", () => {
    const keys = [
      "Chinchilla Scaling: A replication attempt",
      "Chinchilla scaling -- a replication attempt.",
      "CHINCHILLA  SCALING:\u00a0A REPLICATION ATTEMPT",
      "“Chinchilla Scaling” — A Replication Attempt",
    ].map(titleKey);
    expect(new Set(keys)).toEqual(new Set(["chinchilla scaling a replication attempt"]));
  });

  it("applies NFKC and keeps non-ASCII letters and digits", () => {
    expect(titleKey("Ｅｆｆｉｃｉｅｎｔ ﬁne-tuning")).toBe("efficient fine tuning");
    expect(titleKey("Cafe\u0301 vs Café")).toBe("café vs café");
    expect(titleKey("Sørensen-Dice Loss")).toBe("sørensen dice loss");
    expect(titleKey("From Optimization Dynamics via Łojasiewicz")).toBe("from optimization dynamics via łojasiewicz");
    expect(titleKey("GPT-4 and L_2^2 losses")).toBe("gpt 4 and l 2 2 losses");
  });

  it("returns an empty key for punctuation-only input", () => {
    expect(titleKey(" -- ?! ")).toBe("");
  });

  it("keeps different titles apart", () => {
    expect(titleKey("Deeply-Supervised Nets")).not.toBe(titleKey("Deeply Supervised Networks"));
  });
});
