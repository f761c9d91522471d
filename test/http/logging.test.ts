import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test("one structured line per request with time, request id, method, path, status, ms", async () => {
  const before = app.logs.filter((l) => l.msg === "request").length;
  const res = await app.fetch("/health?page=2");
  const lines = app.logs.filter((l) => l.msg === "request");
  expect(lines.length).toBe(before + 1);
  const line = lines.at(-1)!;
  expect(line).toEqual({
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    level: "info",
    msg: "request",
    requestId: res.headers.get("x-request-id"),
    method: "GET",
    path: "/health?page=2",
    status: 200,
    ms: expect.any(Number),
  });
});

test("Authorization headers, cookies and tokens in paths or queries never reach the log", async () => {
  const secrets = ["Bearer-secret-abc123", "cookie-secret-xyz789", "signer-token-qwe456", "query-token-rty321", "win_live_supersecret42"];
  await app.fetch("/api/v1/health", { headers: { Authorization: `Bearer ${secrets[0]}`, Cookie: `session=${secrets[1]}` } });
  await app.fetch(`/api/public/sign/${secrets[2]}`);
  await app.fetch(`/sign/${secrets[2]}`);
  await app.fetch(`/health?token=${secrets[3]}`);
  await app.fetch(`/v1/${secrets[4]}/x`);
  const all = app.rawLogs.join("\n");
  for (const s of secrets) expect(all).not.toContain(s);
  expect(all).toContain("/api/public/sign/[REDACTED]");
  expect(all).toContain("/health?token=[REDACTED]");
});
