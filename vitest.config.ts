import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, defineProject } from "vitest/config";

/**
 * Three projects: `node` runs the platform-free core, the scripts and the emulator in plain Node;
 * `workers` runs the worker's code inside workerd with local D1 and Queues (miniflare);
 * `browser` drives Debian's Chromium (playwright-core) against the real stack (emulator +
 * `wrangler dev`), one file at a time: each file starts a stack of its own.
 */
export default defineConfig({
  test: {
    projects: [
      defineProject({
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/worker/**", "tests/browser/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      }),
      defineProject({
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      }),
      defineProject(async () => {
        const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
        return {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ADMIN_TOKEN: "test-admin-token",
                  // Test-only keys (32 bytes each); production sets its own with `wrangler secret put`.
                  ID_HASH_KEY: "dGVzdC1pZC1oYXNoLWtleS0zMi1ieXRlcy1sb25nISE=",
                  ID_ENCRYPTION_KEY: "dGVzdC1pZC1lbmNyeXB0aW9uLWtleS0zMmJ5dGVzISE=",
                  // Every test file has a service account of its own, as the emulator's per-user
                  // quota does, but the one quota keeper would count them all against one project:
                  // unrelated files running side by side would defer each other's syncs.
                  GOOGLE_PROJECT_QUOTA_PER_MINUTE: "100000",
                  // A test drives a whole county's steps through one account in seconds: its
                  // requests wait out the minute's window (as production's queue would by
                  // deferring) instead of being deferred mid-scenario.
                  GOOGLE_QUOTA_MAX_WAIT_MS: "70000",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            // Worker tests talk to a real emulator and D1; on a loaded 2-core machine 5 s is tight.
            testTimeout: 30_000,
            hookTimeout: 60_000,
            include: ["tests/worker/**/*.test.ts"],
            setupFiles: ["tests/worker/apply-migrations.ts"],
            globalSetup: ["tests/support/emulator-global-setup.ts"],
          },
        };
      }),
    ],
  },
});
