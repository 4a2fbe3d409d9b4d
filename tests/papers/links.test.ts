import { describe, expect, it } from "vitest";
import { codeLinks, extractLinks, isCodeLink } from "../../lib/papers/links";

describe("extractLinks", () => {
  it("finds nothing in plain text", () => {
    expect(extractLinks("No links here, only e.g. github and io.")).toEqual([]);
  });

  it.each([
    ["The code is available at https://github.com/HaozheLiu-ST/MEE", "https://github.com/HaozheLiu-ST/MEE"],
    ["Code: https://github.com/statmlben/ensloss.", "https://github.com/statmlben/ensloss"],
    ["at https://github.com/a/b, and more", "https://github.com/a/b"],
    ["at https://github.com/a/b; and more", "https://github.com/a/b"],
    ["is available at: https://github.com/a/b: yes", "https://github.com/a/b"],
    ["see https://github.com/a/b!", "https://github.com/a/b"],
    ["see \"https://github.com/a/b\"", "https://github.com/a/b"],
    ["Code: https://github.com/google/svcca/", "https://github.com/google/svcca/"],
    ["at https://grenoble-zhang.github.io/Ctrl-U-Page/.", "https://grenoble-zhang.github.io/Ctrl-U-Page/"],
  ])("strips trailing sentence punctuation: %j", (text, url) => {
    expect(extractLinks(text)).toEqual([url]);
  });

  it("strips an unbalanced closing parenthesis but keeps balanced ones", () => {
    expect(
      extractLinks("an implementation (https://github.com/ariapoy/active-learning-benchmark) that"),
    ).toEqual(["https://github.com/ariapoy/active-learning-benchmark"]);
    expect(extractLinks("(see https://en.wikipedia.org/wiki/Dice_(disambiguation)).")).toEqual([
      "https://en.wikipedia.org/wiki/Dice_(disambiguation)",
    ]);
    expect(extractLinks("[https://example.org/x]")).toEqual(["https://example.org/x"]);
  });

  it("splits LaTeX remnants at braces and de-duplicates", () => {
    expect(
      extractLinks("Code can be available at https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}."),
    ).toEqual(["https://github.com/xuke225/EQ-Net"]);
    expect(extractLinks("\\textcolor[rgb]{1, 0, 0}{Code available at http://www.bhchen.cn/}.")).toEqual([
      "http://www.bhchen.cn/",
    ]);
    expect(
      extractLinks("available at https://github.com/Nandan91/entropy-guided-attention-llm{entropy-guided-llm}."),
    ).toEqual(["https://github.com/Nandan91/entropy-guided-attention-llm"]);
  });

  it("recognises bare github.com links and normalises them to https", () => {
    expect(extractLinks("The implementation is available at github.com/stanfordmlgroup/ngboost.")).toEqual([
      "https://github.com/stanfordmlgroup/ngboost",
    ]);
    expect(
      extractLinks("available at https://github.com/henryqin1997/InfoBatch{github.com/NUS-HPC-AI-Lab/InfoBatch}."),
    ).toEqual(["https://github.com/henryqin1997/InfoBatch", "https://github.com/NUS-HPC-AI-Lab/InfoBatch"]);
  });

  it("does not take github.com out of longer host names or addresses", () => {
    expect(extractLinks("see evilgithub.com/a/b and git@github.com:a/b.git and api.github.com/repos/a/b")).toEqual(
      [],
    );
  });

  it("keeps order of first appearance and drops duplicates", () => {
    const text =
      "Project Page: https://tongzhouwang.info/hypersphere Code: https://github.com/SsnL/align_uniform , " +
      "https://github.com/SsnL/moco_align_uniform. Again https://tongzhouwang.info/hypersphere and " +
      "github.com/SsnL/align_uniform.";
    expect(extractLinks(text)).toEqual([
      "https://tongzhouwang.info/hypersphere",
      "https://github.com/SsnL/align_uniform",
      "https://github.com/SsnL/moco_align_uniform",
    ]);
  });

  it("keeps non-code links", () => {
    expect(
      extractLinks(
        "Paper https://arxiv.org/abs/2401.00001v2, demo https://huggingface.co/spaces/JVice/try-before-you-bias. " +
          "Data: https://wilds.stanford.edu.",
      ),
    ).toEqual([
      "https://arxiv.org/abs/2401.00001v2",
      "https://huggingface.co/spaces/JVice/try-before-you-bias",
      "https://wilds.stanford.edu",
    ]);
  });

  it("drops a scheme with nothing after it", () => {
    expect(extractLinks("broken https://. link")).toEqual([]);
  });
});

describe("isCodeLink", () => {
  it.each([
    "https://github.com/HaozheLiu-ST/MEE",
    "http://github.com/a/b",
    "https://www.github.com/a/b",
    "https://GitHub.com/a/b",
    "https://github.com/RUC-DWBI-ML/research/tree/main/WAD-master",
    "https://tum-pbs.github.io/ConFIG",
    "https://depictqa.github.io/deqa-score/",
    "https://git.io/fjsvE",
  ])("is true for %j", (url) => {
    expect(isCodeLink(url)).toBe(true);
  });

  it.each([
    "https://evilgithub.com/a/b",
    "https://github.com.evil.net/a/b",
    "https://evil.net/github.com/a/b",
    "https://foo.github.io.evil.net/",
    "https://github.io/",
    "https://github.com",
    "https://github.com/google",
    "https://github.com/topics/nlp",
    "https://git.io/",
    "ftp://github.com/a/b",
    "github.com/a/b",
    "not a url",
    "https://arxiv.org/abs/2401.00001",
    "https://huggingface.co/spaces/JVice/try-before-you-bias",
    "https://tongzhouwang.info/hypersphere",
  ])("is false for %j", (url) => {
    expect(isCodeLink(url)).toBe(false);
  });
});

describe("codeLinks", () => {
  it("keeps only code links, in order", () => {
    const text =
      "Project Page: https://tongzhouwang.info/hypersphere Code: https://github.com/SsnL/align_uniform. " +
      "Paper: https://arxiv.org/abs/1234.5678; site https://reczoo.github.io/SimpleX. " +
      "Also github.com/stanfordmlgroup/ngboost and https://git.io/fjsvE";
    expect(codeLinks(text)).toEqual([
      "https://github.com/SsnL/align_uniform",
      "https://reczoo.github.io/SimpleX",
      "https://github.com/stanfordmlgroup/ngboost",
      "https://git.io/fjsvE",
    ]);
  });
});
