// HTTP throughput of GET /health: the app against a floor (bench/floor-server.ts, bare Bun.serve + the
// same SQLite work) measured in the same run, so the ratio means something on any machine.
// Also: compiled binary size, the app's idle RSS, and time from spawn to the first 200 on /health.
// Usage: bun bench/http.ts   env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_BINARY=1 (use dist/winnerr)
// Servers and load generator run one at a time: on a 2-core machine, anything running beside the
// measured server steals its CPU. The load generator (autocannon, single-threaded Node) shares the
// machine too, so a very fast server can be held back by it: the floor's figure is a ceiling for this box.
import type { Subprocess } from "bun";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dir, "..");
const BINARY = path.join(ROOT, "dist/winnerr");
const AUTOCANNON = path.join(ROOT, "node_modules/autocannon/autocannon.js");
const SECONDS = positiveInt("BENCH_SECONDS", 10);
const CONNECTIONS = positiveInt("BENCH_CONNECTIONS", 32);
const WARMUP_SECONDS = 2;
const START_TIMEOUT_MS = 30_000;
const MiB = 1024 * 1024;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return Number(raw);
}

// Everything to undo, run last-in first-out (so a server stops before its data dir is removed).
const cleanups: (() => unknown)[] = [];
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error("bench: cleanup step failed:", (e as Error).message);
      }
    }
  })());

async function bail(code: number, why: string): Promise<never> {
  if (!cleaning) console.error(`bench: ${why}`); // later failures are our own cleanup killing children
  await cleanup();
  process.exit(code);
}
process.once("SIGINT", () => void bail(130, "interrupted"));
process.once("SIGTERM", () => void bail(143, "terminated"));
// Hard bound on the whole run: two servers' start, warm-up and measurement, plus slack.
const budgetMs = 2 * (START_TIMEOUT_MS + (WARMUP_SECONDS + SECONDS + 15) * 1000) + 30_000;
setTimeout(() => void bail(2, `time budget of ${budgetMs / 1000}s exceeded`), budgetMs).unref();

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Registers the child for cleanup; returns its stop (SIGTERM, then SIGKILL after 5 s; safe to call twice). */
function track(proc: Subprocess): () => Promise<void> {
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const timedOut = await Promise.race([proc.exited.then(() => false), Bun.sleep(5000).then(() => true)]);
    if (timedOut) proc.kill("SIGKILL");
  };
  cleanups.push(stop);
  return stop;
}

/** Binds port 0 on loopback and gives it back (a tiny race with other processes, fine for a bench). */
function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

interface Started {
  stop: () => Promise<void>;
  url: string;
  startMs: number;
  idleRssMiB: number;
}

/** Spawns a server on a free loopback port with a fresh DATA_DIR and waits for its first 200 on /health. */
async function startServer(name: string, cmd: string[]): Promise<Started> {
  const port = freePort();
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: tempDir(`winnerr-bench-${name}-`), LOG_LEVEL: "warn" };
  const url = `http://127.0.0.1:${port}/health`;
  const t0 = performance.now();
  const proc = Bun.spawn(cmd, { cwd: ROOT, env, stdin: "ignore", stdout: "inherit", stderr: "inherit" });
  const stop = track(proc);
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${name} exited (${proc.exitCode ?? proc.signalCode}) before /health answered 200`);
    const status = await fetch(url, { signal: AbortSignal.timeout(1000) })
      .then(async (r) => (await r.arrayBuffer(), r.status))
      .catch(() => 0); // not listening yet
    if (status === 200) break;
    if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`${name}: no 200 on /health within ${START_TIMEOUT_MS} ms`);
    await Bun.sleep(20);
  }
  const startMs = performance.now() - t0;
  await Bun.sleep(1000); // let start-up work (migrations, JIT, GC) settle before reading idle memory
  return { stop, url, startMs, idleRssMiB: rssMiB(proc.pid) };
}

function rssMiB(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

interface Load {
  reqPerSec: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The one way we load a server: autocannon in its own process, JSON out. */
async function autocannon(url: string, seconds: number): Promise<Load> {
  const args = [AUTOCANNON, "-j", "-c", String(CONNECTIONS), "-d", String(seconds), url];
  const proc = Bun.spawn(["node", ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: (seconds + 30) * 1000 });
  track(proc);
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.trim() || out.trim()}`);
  const r = JSON.parse(out);
  return { reqPerSec: r.requests.average, p99Ms: r.latency.p99, total: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
}

async function measure(name: string, cmd: string[]): Promise<Started & Load & { body: string }> {
  const started = await startServer(name, cmd);
  const body = await (await fetch(started.url)).text();
  await autocannon(started.url, WARMUP_SECONDS);
  const load = await autocannon(started.url, SECONDS);
  await started.stop(); // now, so it does not idle beside the next server
  return { ...started, ...load, body };
}

async function main() {
  const useBinary = process.env.BENCH_BINARY === "1" && existsSync(BINARY);
  if (process.env.BENCH_BINARY === "1" && !useBinary) console.error("bench: BENCH_BINARY=1 but dist/winnerr is not built; using bun src/main.ts");
  const appCmd = useBinary ? [BINARY, "serve"] : [process.execPath, "src/main.ts", "serve"];
  const binaryMiB = existsSync(BINARY) ? statSync(BINARY).size / MiB : null;

  console.log(`GET /health, autocannon -c ${CONNECTIONS} -d ${SECONDS} (after a ${WARMUP_SECONDS}s warm-up), app = ${useBinary ? "dist/winnerr serve" : "bun src/main.ts serve"}`);
  const app = await measure("app", appCmd);
  const floor = await measure("floor", [process.execPath, "bench/floor-server.ts"]);

  // The floor is only a fair floor if it answers with the same shape the app does.
  const keys = (s: string) => Object.keys(JSON.parse(s)).sort().join(",");
  if (keys(app.body) !== keys(floor.body)) console.error(`bench: body shapes differ: app ${app.body} vs floor ${floor.body}`);

  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const fmt = (n: number | null, digits = 1) => (n === null ? "n/a" : n.toFixed(digits));
  const reqRatio = ratio(app.reqPerSec, floor.reqPerSec);
  const p99Ratio = ratio(app.p99Ms, floor.p99Ms);
  const rows: [string, string, string, string][] = [
    ["", "app", "floor", "app/floor"],
    ["requests/s (avg)", fmt(app.reqPerSec), fmt(floor.reqPerSec), fmt(reqRatio, 2)],
    ["p99 latency (ms)", fmt(app.p99Ms), fmt(floor.p99Ms), fmt(p99Ratio, 2)],
    ["requests (total)", String(app.total), String(floor.total), ""],
    ["non-2xx / errors / timeouts", `${app.non2xx}/${app.errors}/${app.timeouts}`, `${floor.non2xx}/${floor.errors}/${floor.timeouts}`, ""],
    ["start to first 200 on /health (ms)", fmt(app.startMs, 0), fmt(floor.startMs, 0), ""],
    ["idle RSS (MiB)", fmt(app.idleRssMiB), fmt(floor.idleRssMiB), ""],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   "));
  console.log(`dist/winnerr size: ${binaryMiB === null ? "not built" : `${fmt(binaryMiB)} MiB`}`);
  if (app.non2xx + app.errors + app.timeouts + floor.non2xx + floor.errors + floor.timeouts > 0) console.error("bench: some requests failed; figures are suspect");

  const pick = (s: typeof app) => ({ reqPerSec: s.reqPerSec, p99Ms: s.p99Ms, total: s.total, non2xx: s.non2xx, errors: s.errors, timeouts: s.timeouts, startMs: Math.round(s.startMs), idleRssMiB: +s.idleRssMiB.toFixed(1) });
  const result = {
    mode: useBinary ? "binary" : "source",
    connections: CONNECTIONS,
    seconds: SECONDS,
    app: pick(app),
    floor: pick(floor),
    ratio: { reqPerSec: reqRatio === null ? null : +reqRatio.toFixed(3), p99: p99Ratio === null ? null : +p99Ratio.toFixed(3) },
    binarySizeMiB: binaryMiB === null ? null : +binaryMiB.toFixed(1),
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

try {
  await main();
} catch (e) {
  await bail(1, (e as Error).message);
}
await cleanup();
