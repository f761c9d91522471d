// Every environment variable Winnerr reads, parsed and validated once at start.
// A wrong value stops the start with a message that names the variable (README lists them all).
import path from "node:path";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];

export function parseConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };

  const port = parsePort(value("PORT"), problems);
  const host = value("HOST") ?? "0.0.0.0";

  const dataDir = path.resolve(cwd, value("DATA_DIR") ?? "data");

  let publicUrl = value("PUBLIC_URL") ?? `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
    if (u.search || u.hash) throw new Error("query");
    publicUrl = u.toString().replace(/\/+$/, "");
  } catch {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL without query or fragment (got "${publicUrl}")`);
  }

  const rawLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!LOG_LEVELS.includes(rawLevel as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${rawLevel}")`);
  }

  if (problems.length) throw new ConfigError(problems);
  return { port, host, dataDir, publicUrl, logLevel: rawLevel as LogLevel };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return 3000;
  const n = Number(raw);
  // 0 asks the OS for a free port (tests and benchmarks use it).
  if (!/^\d+$/.test(raw) || n > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
    return 3000;
  }
  return n;
}
