// The app as it would be with a static Content-Security-Policy instead of a per-request
// nonce, for `npm run bench -- pages --csp both` (the Hardening issue: "per-request nonces
// force dynamic rendering: measure both and state the choice"). A copy of the working tree
// whose proxy keeps its guards (database, search rate limit) but answers every request
// with one fixed policy and gives Next no nonce: what a static policy has to allow for
// Next's inline scripts is 'unsafe-inline'. Built by `npm start` in that copy like the
// real app (scripts/build-if-needed.ts); kept in the temp dir so an unchanged tree is not
// rebuilt.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cspDirectives } from "@/lib/security/csp";

const VARIANT_DIR = path.join(os.tmpdir(), "paperboy-static-csp");

/** The production policy with the nonce taken out: inline scripts and styles allowed by 'unsafe-inline'. */
export function staticPolicy(): string {
  return cspDirectives({ nonce: "unused", https: false, development: false })
    .map(([name, sources]) => {
      const fixed = sources.filter((source) => !source.startsWith("'nonce-") && source !== "'strict-dynamic'");
      if (name === "script-src" || name === "style-src") fixed.push("'unsafe-inline'");
      return [name, ...fixed].join(" ");
    })
    .join("; ");
}

const staticProxy = (policy: string) => `// Written by bench/static-csp-variant.ts: the guards of the real proxy.ts, a fixed policy, no nonce.
import { NextResponse, type NextRequest } from "next/server";
import { databaseGuard } from "@/lib/db/guard";
import { firstRefusal } from "@/lib/http/guards";
import { searchRateLimitGuard } from "@/lib/http/search-rate-limit";
import { STATIC_SECURITY_HEADERS } from "@/lib/security/headers";

const POLICY = ${JSON.stringify(policy)};

export async function proxy(request: NextRequest): Promise<Response> {
  const response = (await firstRefusal(request, [databaseGuard, searchRateLimitGuard])) ?? NextResponse.next();
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", POLICY);
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
`;

/** Copies the working tree (tracked and untracked, not ignored) and the generated client to the variant directory; returns it. */
export async function prepareStaticCspTree(log: (line: string) => void): Promise<string> {
  const root = process.cwd();
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(path.join(root, file)));
  log(`static-CSP variant: copying ${files.length} files to ${VARIANT_DIR}`);
  for (const file of files) {
    await mkdir(path.dirname(path.join(VARIANT_DIR, file)), { recursive: true });
    await cp(path.join(root, file), path.join(VARIANT_DIR, file), { preserveTimestamps: true });
  }
  await cp(path.join(root, "lib/db/generated"), path.join(VARIANT_DIR, "lib/db/generated"), { recursive: true });
  // Hard links: a second node_modules at no cost in disk or time (the bundler refuses a symlinked one).
  if (!existsSync(path.join(VARIANT_DIR, "node_modules"))) execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(VARIANT_DIR, "node_modules")]);
  await writeFile(path.join(VARIANT_DIR, "proxy.ts"), staticProxy(staticPolicy()));
  return VARIANT_DIR;
}
