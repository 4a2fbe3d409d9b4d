// The app as it was at an earlier commit, for `npm run bench -- pages --baseline REF`: the
// same pages measured on it and on the working tree, back to back in one run, so what a
// change did comes out as a ratio from the same machine under the same load. The commit's
// files go to the temp dir (kept per commit, so `npm start` there builds it only once), with
// node_modules hard-linked from ours and its own Prisma client generated.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { linkNodeModules, usageError } from "./common";

export type BaselineTree = { commit: string; dir: string };

export async function prepareBaselineTree(ref: string, log: (line: string) => void): Promise<BaselineTree> {
  const root = process.cwd();
  let commit: string;
  try {
    commit = execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    throw usageError(`--baseline: ${JSON.stringify(ref)} names no commit of this repository`);
  }
  const dir = path.join(os.tmpdir(), `paperboy-baseline-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(dir, "package.json"))) {
    log(`baseline ${commit.slice(0, 12)}: writing its files to ${dir}`);
    await mkdir(dir, { recursive: true });
    // `commit` is 40 hex digits and `dir` ours: nothing in the shell line comes from outside.
    execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C '${dir}'`], { cwd: root, stdio: "inherit" });
  }
  linkNodeModules(dir);
  execFileSync("npx", ["tsx", "scripts/generate-client.ts"], { cwd: dir, stdio: "ignore" });
  return { commit, dir };
}
