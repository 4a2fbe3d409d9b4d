// For CLI scripts (digest, bench): lib/ modules import "server-only", which throws
// outside Next's server bundle. A command-line process is server code too, so this
// module hook resolves "server-only" to an empty module, as vitest.config.ts does.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
        return next(specifier, context);
      }
    `),
);
