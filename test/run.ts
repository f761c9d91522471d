// `npm test`: runs every test with bun's JUnit reporter, then prints the line CI reads,
// "N passed, N failed", last. Arguments are passed on to `bun test` (e.g. a file filter).
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dir, "..");
const outDir = path.join(root, "test-output");
const report = path.join(outDir, "junit.xml");
mkdirSync(outDir, { recursive: true });
rmSync(report, { force: true });

// 20 s per test: browser and binary tests need more than bun's default 5 s (they set their own too).
const proc = Bun.spawn([process.execPath, "test", "--timeout=20000", "--reporter=junit", `--reporter-outfile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ["inherit", "inherit", "inherit"],
});
const code = await proc.exited;

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const xml = readFileSync(report, "utf8");
  // Count testcases directly: a <testcase> holding <failure> or <error> failed, <skipped> is neither.
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const inner = m[2] ?? "";
    if (/<(failure|error)\b/.test(inner)) failed++;
    else if (!/<skipped\b/.test(inner)) passed++;
  }
}
// A crash before any test ran must not read as green.
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
