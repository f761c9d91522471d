import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  test("defaults serve on 3000 with data in ./data", () => {
    const c = parseConfig({}, "/srv/w");
    expect(c).toEqual({
      port: 3000, host: "0.0.0.0", dataDir: "/srv/w/data", publicUrl: "http://localhost:3000", logLevel: "info",
      smtpUrl: null, mailFrom: "Winnerr <no-reply@localhost>", trustedProxies: [], webhooksAllowPrivate: false,
      documentsIncludedPerMonth: null, ai: { baseUrl: null, apiKey: null, chatModel: null, embeddingModel: null, timeoutMs: 30000 },
      signatures: { reminderDays: 3, retentionYears: 6, p12Path: null, p12Password: null, tsaUrl: null, turnstile: null, twilio: null },
      obligations: { digestHour: 7 },
    });
  });

  test("reads every variable", () => {
    const c = parseConfig({
      PORT: "8080", HOST: "127.0.0.1", DATA_DIR: "/var/w", PUBLIC_URL: "https://crm.example.ca/", LOG_LEVEL: "WARN",
      SMTP_URL: "smtp://u:p@mail.example.ca:587", MAIL_FROM: "Brokerage <deals@example.ca>", TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12",
      WEBHOOKS_ALLOW_PRIVATE: "true", DOCUMENTS_INCLUDED_PER_MONTH: "15", AI_BASE_URL: "http://127.0.0.1:9/v1/", AI_API_KEY: "sk-x",
      AI_CHAT_MODEL: "gpt-x", AI_EMBEDDING_MODEL: "emb-x", AI_TIMEOUT_MS: "5000",
      SIGNATURE_REMINDER_DAYS: "2", RETENTION_YEARS: "7", TSA_URL: "http://127.0.0.1:9/tsa",
      TURNSTILE_SECRET_KEY: "ts-secret", TURNSTILE_SITE_KEY: "ts-site", TURNSTILE_VERIFY_URL: "http://127.0.0.1:9/siteverify",
      TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "tok", TWILIO_FROM: "+14165550100", TWILIO_API_URL: "http://127.0.0.1:9/",
      DIGEST_HOUR: "0",
    }, "/");
    expect(c).toEqual({
      port: 8080, host: "127.0.0.1", dataDir: "/var/w", publicUrl: "https://crm.example.ca", logLevel: "warn",
      smtpUrl: "smtp://u:p@mail.example.ca:587", mailFrom: "Brokerage <deals@example.ca>", trustedProxies: ["10.0.0.1", "172.16.0.0/12"],
      webhooksAllowPrivate: true, documentsIncludedPerMonth: 15,
      ai: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-x", chatModel: "gpt-x", embeddingModel: "emb-x", timeoutMs: 5000 },
      signatures: {
        reminderDays: 2, retentionYears: 7, p12Path: null, p12Password: null, tsaUrl: "http://127.0.0.1:9/tsa",
        turnstile: { secretKey: "ts-secret", siteKey: "ts-site", verifyUrl: "http://127.0.0.1:9/siteverify" },
        twilio: { accountSid: "AC1", authToken: "tok", from: "+14165550100", apiUrl: "http://127.0.0.1:9" },
      },
      obligations: { digestHour: 0 },
    });
  });

  test.each([["1", true], ["TRUE", true], ["0", false], ["false", false], ["", false]])("WEBHOOKS_ALLOW_PRIVATE=%p reads as %p", (raw, expected) => {
    expect(parseConfig({ WEBHOOKS_ALLOW_PRIVATE: raw as string }).webhooksAllowPrivate).toBe(expected as boolean);
  });

  test.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PORT: "-1" }, "PORT"],
    [{ PUBLIC_URL: "crm.example.ca" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://x" }, "PUBLIC_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SMTP_URL: "http://mail" }, "SMTP_URL"],
    [{ MAIL_FROM: "nobody" }, "MAIL_FROM"],
    [{ TRUSTED_PROXIES: "10.0.0.1,proxy.local" }, "TRUSTED_PROXIES"],
    [{ WEBHOOKS_ALLOW_PRIVATE: "yes" }, "WEBHOOKS_ALLOW_PRIVATE"],
    [{ DOCUMENTS_INCLUDED_PER_MONTH: "ten" }, "DOCUMENTS_INCLUDED_PER_MONTH"],
    [{ AI_BASE_URL: "gateway" }, "AI_BASE_URL"],
    [{ AI_TIMEOUT_MS: "fast" }, "AI_TIMEOUT_MS"],
    [{ AI_MODELS_FILE: "/nonexistent/models.json" }, "AI_MODELS_FILE"],
    [{ RETENTION_YEARS: "0" }, "RETENTION_YEARS"],
    [{ SIGNATURE_REMINDER_DAYS: "soon" }, "SIGNATURE_REMINDER_DAYS"],
    [{ TWILIO_ACCOUNT_SID: "AC1" }, "TWILIO_ACCOUNT_SID"],
    [{ SIGNING_P12: "/nonexistent.p12" }, "SIGNING_P12"],
    [{ TSA_URL: "tsa" }, "TSA_URL"],
    [{ DIGEST_HOUR: "24" }, "DIGEST_HOUR"],
    [{ DIGEST_HOUR: "7am" }, "DIGEST_HOUR"],
  ])("a wrong value names the variable: %p", (env, name) => {
    let err: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(name);
  });

  test("a bad SMTP_URL is named but its password is not echoed", () => {
    expect(() => parseConfig({ SMTP_URL: "http://user:hunter2@mail" })).toThrow(/SMTP_URL/);
    try { parseConfig({ SMTP_URL: "http://user:hunter2@mail" }); } catch (e) { expect((e as Error).message).not.toContain("hunter2"); }
  });

  test("every problem is reported at once", () => {
    try {
      parseConfig({ PORT: "x", LOG_LEVEL: "y" });
      throw new Error("expected ConfigError");
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe("models.json", () => {
  test("names the chat and embedding models; the variables win", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cfg-"));
    writeFileSync(`${dir}/models.json`, JSON.stringify({ chat: "file-chat", embedding: "file-emb" }));
    expect(parseConfig({ DATA_DIR: dir }).ai).toMatchObject({ chatModel: "file-chat", embeddingModel: "file-emb" });
    expect(parseConfig({ DATA_DIR: dir, AI_CHAT_MODEL: "env-chat" }).ai).toMatchObject({ chatModel: "env-chat", embeddingModel: "file-emb" });
  });
});
