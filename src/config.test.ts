import { describe, expect, test } from "bun:test";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  test("defaults serve on 3000 with data in ./data", () => {
    const c = parseConfig({}, "/srv/w");
    expect(c).toEqual({ port: 3000, host: "0.0.0.0", dataDir: "/srv/w/data", publicUrl: "http://localhost:3000", logLevel: "info" });
  });

  test("reads every variable", () => {
    const c = parseConfig({ PORT: "8080", HOST: "127.0.0.1", DATA_DIR: "/var/w", PUBLIC_URL: "https://crm.example.ca/", LOG_LEVEL: "WARN" }, "/");
    expect(c).toEqual({ port: 8080, host: "127.0.0.1", dataDir: "/var/w", publicUrl: "https://crm.example.ca", logLevel: "warn" });
  });

  test.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PORT: "-1" }, "PORT"],
    [{ PUBLIC_URL: "crm.example.ca" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://x" }, "PUBLIC_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
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

  test("every problem is reported at once", () => {
    try {
      parseConfig({ PORT: "x", LOG_LEVEL: "y" });
      throw new Error("expected ConfigError");
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});
