import { describe, expect, test } from "bun:test";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  test("defaults serve on 3000 with data in ./data", () => {
    const c = parseConfig({}, "/srv/w");
    expect(c).toEqual({
      port: 3000, host: "0.0.0.0", dataDir: "/srv/w/data", publicUrl: "http://localhost:3000", logLevel: "info",
      smtpUrl: null, mailFrom: "Winnerr <no-reply@localhost>", trustedProxies: [], webhooksAllowPrivate: false,
    });
  });

  test("reads every variable", () => {
    const c = parseConfig({
      PORT: "8080", HOST: "127.0.0.1", DATA_DIR: "/var/w", PUBLIC_URL: "https://crm.example.ca/", LOG_LEVEL: "WARN",
      SMTP_URL: "smtp://u:p@mail.example.ca:587", MAIL_FROM: "Brokerage <deals@example.ca>", TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12",
      WEBHOOKS_ALLOW_PRIVATE: "true",
    }, "/");
    expect(c).toEqual({
      port: 8080, host: "127.0.0.1", dataDir: "/var/w", publicUrl: "https://crm.example.ca", logLevel: "warn",
      smtpUrl: "smtp://u:p@mail.example.ca:587", mailFrom: "Brokerage <deals@example.ca>", trustedProxies: ["10.0.0.1", "172.16.0.0/12"],
      webhooksAllowPrivate: true,
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
