// Every environment variable Winnerr reads, parsed and validated once at start.
// A wrong value stops the start with a message that names the variable (README lists them all).
import { existsSync, readFileSync } from "node:fs";
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
  /** The plan's monthly document allotment; null counts without an allotment. */
  documentsIncludedPerMonth: number | null;
  /** An OpenAI-compatible gateway; null base URL means the built-in drafter (and keyword search). */
  ai: AiConfig;
  signatures: SignatureConfig;
  obligations: ObligationConfig;
}

export interface ObligationConfig {
  /** The hour (0-23, in each organization's time zone) after which the daily digest goes out. */
  digestHour: number;
}

export interface SignatureConfig {
  /** Days between reminder mails to a signer who has not signed. */
  reminderDays: number;
  /** How long completed and declined envelopes are kept (TRESA: 6 years). */
  retentionYears: number;
  /** A PKCS#12 file with the certificate that signs final PDFs; unset: one generated at first start. */
  p12Path: string | null;
  p12Password: string | null;
  /** RFC 3161 timestamp authority. */
  tsaUrl: string | null;
  turnstile: { secretKey: string; siteKey: string | null; verifyUrl: string } | null;
  twilio: { accountSid: string; authToken: string; from: string; apiUrl: string } | null;
}

export interface AiConfig {
  baseUrl: string | null;
  apiKey: string | null;
  chatModel: string | null;
  embeddingModel: string | null;
  timeoutMs: number;
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

  const includedRaw = value("DOCUMENTS_INCLUDED_PER_MONTH");
  let documentsIncludedPerMonth: number | null = null;
  if (includedRaw !== undefined) {
    if (/^\d{1,9}$/.test(includedRaw)) documentsIncludedPerMonth = Number(includedRaw);
    else problems.push(`DOCUMENTS_INCLUDED_PER_MONTH must be a whole number (got "${includedRaw}")`);
  }

  const ai = parseAi(value, dataDir, problems);
  const signatures = parseSignatures(value, problems);
  const obligations = parseObligations(value("DIGEST_HOUR"), problems);

  if (problems.length) throw new ConfigError(problems);
  return {
    port, host, dataDir, publicUrl, logLevel: rawLevel as LogLevel, smtpUrl, mailFrom, trustedProxies, webhooksAllowPrivate,
    documentsIncludedPerMonth, ai, signatures, obligations,
  };
}

/**
 * The AI gateway: AI_BASE_URL (…/v1 of any OpenAI-compatible server), AI_API_KEY, and the models
 * from AI_CHAT_MODEL / AI_EMBEDDING_MODEL or a models.json ({ "chat": "...", "embedding": "..." })
 * at AI_MODELS_FILE (default DATA_DIR/models.json). The variables win over the file.
 */
function parseAi(value: (name: string) => string | undefined, dataDir: string, problems: string[]): AiConfig {
  let baseUrl = value("AI_BASE_URL") ?? null;
  if (baseUrl) {
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
      baseUrl = u.toString().replace(/\/+$/, "");
    } catch {
      problems.push("AI_BASE_URL must be an absolute http(s) URL such as https://api.openai.com/v1");
    }
  }
  let file: { chat?: unknown; embedding?: unknown } = {};
  const modelsFile = value("AI_MODELS_FILE") ?? path.join(dataDir, "models.json");
  if (existsSync(modelsFile)) {
    try {
      file = JSON.parse(readFileSync(modelsFile, "utf8"));
    } catch {
      problems.push(`${modelsFile} must be JSON like { "chat": "model", "embedding": "model" }`);
    }
  } else if (value("AI_MODELS_FILE")) problems.push(`AI_MODELS_FILE ${modelsFile} does not exist`);
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const timeoutRaw = value("AI_TIMEOUT_MS") ?? "30000";
  if (!/^\d{3,6}$/.test(timeoutRaw)) problems.push(`AI_TIMEOUT_MS must be milliseconds from 100 to 999999 (got "${timeoutRaw}")`);
  return {
    baseUrl,
    apiKey: value("AI_API_KEY") ?? null,
    chatModel: value("AI_CHAT_MODEL") ?? str(file.chat),
    embeddingModel: value("AI_EMBEDDING_MODEL") ?? str(file.embedding),
    timeoutMs: Number(timeoutRaw) || 30000,
  };
}

function parseSignatures(value: (name: string) => string | undefined, problems: string[]): SignatureConfig {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const url = (name: string) => {
    const raw = value(name);
    if (raw === undefined) return null;
    try {
      const u = new URL(raw);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
      return u.toString();
    } catch {
      problems.push(`${name} must be an absolute http(s) URL`);
      return null;
    }
  };
  const p12Path = value("SIGNING_P12") ?? null;
  if (p12Path && !existsSync(p12Path)) problems.push(`SIGNING_P12 ${p12Path} does not exist`);
  const secretKey = value("TURNSTILE_SECRET_KEY");
  const sid = value("TWILIO_ACCOUNT_SID"), token = value("TWILIO_AUTH_TOKEN"), from = value("TWILIO_FROM");
  if ((sid || token || from) && !(sid && token && from)) problems.push("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together");
  return {
    reminderDays: int("SIGNATURE_REMINDER_DAYS", 3, 1, 60),
    retentionYears: int("RETENTION_YEARS", 6, 1, 100),
    p12Path,
    p12Password: value("SIGNING_P12_PASSWORD") ?? null,
    tsaUrl: url("TSA_URL"),
    turnstile: secretKey
      ? { secretKey, siteKey: value("TURNSTILE_SITE_KEY") ?? null, verifyUrl: url("TURNSTILE_VERIFY_URL") ?? "https://challenges.cloudflare.com/turnstile/v0/siteverify" }
      : null,
    twilio: sid && token && from ? { accountSid: sid, authToken: token, from, apiUrl: (url("TWILIO_API_URL") ?? "https://api.twilio.com").replace(/\/+$/, "") } : null,
  };
}

/** DIGEST_HOUR: 0-23, default 7 (the digest is in the inbox before the working day). */
function parseObligations(raw: string | undefined, problems: string[]): ObligationConfig {
  if (raw === undefined) return { digestHour: 7 };
  const ok = /^\d{1,2}$/.test(raw) && Number(raw) <= 23;
  if (!ok) problems.push(`DIGEST_HOUR must be an hour from 0 to 23, in the organization's time zone (got "${raw}")`);
  return { digestHour: ok ? Number(raw) : 7 };
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
