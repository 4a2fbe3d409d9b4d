// What every response's Content-Security-Policy must say, as one check shared by the
// HTTP suite (tests/security/headers.spec.ts) and the policy builder's unit test.

/** The policy's directives: name → sources (lower-cased names, sources as written). */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    // Browsers obey the first of a repeated directive and ignore the others: a repeat is a mistake.
    if (directives.has(name.toLowerCase())) throw new Error(`directive ${name} appears twice in: ${policy}`);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const NONCE_SOURCE = /^'nonce-([A-Za-z0-9+/]{22}==)'$/; // 16 random bytes, base64

/** The sources a directive may list: our origin, keywords, the nonce, data: images. Never a host or a wildcard. */
const ALLOWED_SOURCES: Record<string, (source: string) => boolean> = {
  "default-src": (s) => s === "'self'",
  "script-src": (s) => s === "'self'" || s === "'strict-dynamic'" || NONCE_SOURCE.test(s),
  "style-src": (s) => s === "'self'" || NONCE_SOURCE.test(s),
  // Only attributes (KaTeX's sizes) may be inline: never a <style> element or a script.
  "style-src-attr": (s) => s === "'unsafe-inline'",
  "img-src": (s) => s === "'self'" || s === "data:",
  "font-src": (s) => s === "'self'",
  "object-src": (s) => s === "'none'",
  "base-uri": (s) => s === "'self'",
  "form-action": (s) => s === "'self'",
  "frame-ancestors": (s) => s === "'none'",
  "upgrade-insecure-requests": () => false,
};

/** Directives every response's policy must have, with exactly these sources. */
const REQUIRED_EXACTLY: Record<string, string[]> = {
  "default-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "frame-ancestors": ["'none'"],
  "form-action": ["'self'"],
};

/** On the pages served from Next's cache (a search's results), which hold no per-request nonce (lib/security/csp.ts). */
const CACHED_PAGE_EXACTLY: Record<string, string[]> = {
  "script-src": ["'self'", "'unsafe-inline'"],
  "style-src": ["'self'", "'unsafe-inline'"],
};

/** On the cached page sent without scripts (the trending list, lib/server/html-only-pages.ts): none may run. */
const SCRIPTLESS_PAGE_EXACTLY: Record<string, string[]> = { ...CACHED_PAGE_EXACTLY, "script-src": ["'none'"] };

/**
 * Checks a production policy; returns its nonce. Throws with the reason when it falls short:
 * a directive missing or loosened, a source that isn't ours ('unsafe-eval', 'unsafe-inline'
 * for scripts or <style>s, any host or scheme but data: images), or a script-src without a
 * nonce and 'strict-dynamic' (an injected script would run). With `cachedPage`, the policy
 * of a page served from the cache: the same, except that scripts and <style>s are ours or
 * inline and there is no nonce (returns null); with `scriptless` too, no script at all.
 */
export function checkPolicy(
  policy: string,
  { https, cachedPage = false, scriptless = false }: { https: boolean; cachedPage?: boolean; scriptless?: boolean },
): string | null {
  const directives = parsePolicy(policy);
  const fail = (why: string) => {
    throw new Error(`${why}\n  in: ${policy}`);
  };
  const cachedExactly = scriptless ? SCRIPTLESS_PAGE_EXACTLY : CACHED_PAGE_EXACTLY;
  const exactly = cachedPage ? { ...REQUIRED_EXACTLY, ...cachedExactly } : REQUIRED_EXACTLY;
  for (const [name, sources] of Object.entries(exactly)) {
    if (JSON.stringify(directives.get(name)) !== JSON.stringify(sources)) fail(`${name} must be exactly ${sources.join(" ")}`);
  }
  for (const [name, sources] of directives) {
    if (cachedPage && name in cachedExactly) continue;
    const allowed = ALLOWED_SOURCES[name];
    if (!allowed) fail(`unexpected directive ${name}`);
    const bad = sources.find((source) => !allowed!(source));
    if (bad !== undefined) fail(`${name} must not list ${bad}`);
  }
  if (directives.has("upgrade-insecure-requests") !== https) fail(`upgrade-insecure-requests belongs ${https ? "on" : "only on"} https`);
  const nonces = [...policy.matchAll(/'nonce-([^']*)'/g)].map((match) => match[1]!);
  if (cachedPage) {
    if (nonces.length > 0) fail("a cached page's policy has no nonce");
    return null;
  }
  const scriptSources = directives.get("script-src") ?? [];
  if (!scriptSources.some((s) => NONCE_SOURCE.test(s)) || !scriptSources.includes("'strict-dynamic'")) fail("script-src needs the nonce and 'strict-dynamic'");
  if (!(directives.get("style-src") ?? []).some((s) => NONCE_SOURCE.test(s))) fail("style-src needs the nonce");
  if (new Set(nonces).size !== 1) fail("one nonce per policy");
  return nonces[0]!;
}
