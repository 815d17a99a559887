#!/usr/bin/env node
// `npm test`: type-check, run vitest, then print the plain closing line CI reads
// ("N passed, N failed, N skipped"), keeping vitest's exit code.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

const typecheck = run("npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
if (typecheck !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(typecheck);
}
mkdirSync(".cache", { recursive: true });
const report = ".cache/vitest-report.json";
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
try {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, "utf8"));
  console.log(`tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`);
} catch {
  console.log("tests: 0 passed, 1 failed");
  process.exit(status || 1);
}
process.exit(status);
