import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "compat-tests/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Two cores: keep parallel files to two so timing-sensitive tests are not starved.
    maxWorkers: 2,
  },
});
