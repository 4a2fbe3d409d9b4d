import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside Next's server bundle; tests are server code too.
      "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    // Starts a fresh, migrated database for this run (TEST_DATABASE_URL or embedded PGlite).
    globalSetup: ["tests/setup/global-database.ts"],
    // Integration tests share that one database and reset it per file: run files one at a time.
    fileParallelism: false,
    // Test-only secrets (the app's come from the environment or DATA_DIR/auth-secret).
    env: { AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789", CRON_SECRET: "test-cron-secret-0123456789" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
