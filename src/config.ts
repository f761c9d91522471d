// Every environment variable Winnerr reads, parsed and validated once at start.
// A wrong value stops the start with a message that names the variable (README lists them all).
import path from "node:path";
import { isIpOrCidr } from "./lib/ip";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  logLevel: LogLevel;
  /** smtp(s)://user:pass@host:port; unset means mail goes to the outbox table. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Addresses (or CIDRs) of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** Outgoing webhooks may go to private, loopback and link-local addresses (receivers on the LAN; tests). */
  webhooksAllowPrivate: boolean;
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

  const smtpUrl = value("SMTP_URL") ?? null;
  if (smtpUrl) {
    try {
      if (!["smtp:", "smtps:"].includes(new URL(smtpUrl).protocol)) throw new Error("scheme");
    } catch {
      // The value may carry a password: name the variable, never echo it.
      problems.push("SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465");
    }
  }

  const mailFrom = value("MAIL_FROM") ?? `Winnerr <no-reply@${hostOf(publicUrl)}>`;
  if (!/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(mailFrom)) problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${mailFrom}")`);

  const trustedProxies = (value("TRUSTED_PROXIES") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const p of trustedProxies) {
    if (!isIpOrCidr(p)) problems.push(`TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDRs (bad entry "${p}")`);
  }

  const webhooksAllowPrivate = parseBoolean("WEBHOOKS_ALLOW_PRIVATE", value("WEBHOOKS_ALLOW_PRIVATE"), false, problems);

  if (problems.length) throw new ConfigError(problems);
  return { port, host, dataDir, publicUrl, logLevel: rawLevel as LogLevel, smtpUrl, mailFrom, trustedProxies, webhooksAllowPrivate };
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (v === "1" || v === "true") return true;
  if (v === "0" || v === "false") return false;
  problems.push(`${name} must be 1, true, 0 or false (got "${raw}")`);
  return fallback;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
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
