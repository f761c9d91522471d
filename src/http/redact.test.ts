import { expect, test } from "bun:test";
import { redactPath, redactQuery, redactUrl } from "./redact";

test("capabilities in paths are redacted", () => {
  expect(redactPath("/sign/abcDEF123")).toBe("/sign/[REDACTED]");
  expect(redactPath("/api/public/sign/abcDEF123")).toBe("/api/public/sign/[REDACTED]");
  expect(redactPath("/api/public/sign/abc/otp")).toBe("/api/public/sign/[REDACTED]/otp");
  expect(redactPath("/x/win_live_abc123/y")).toBe("/x/[REDACTED]/y");
  expect(redactPath("/x/eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.sig")).toBe("/x/[REDACTED]");
  expect(redactPath("/api/documents/doc_123")).toBe("/api/documents/doc_123");
});

test("credential-like query parameters are redacted, others kept", () => {
  expect(redactQuery("?token=abc&page=2&code_verifier=zzz&q=lease")).toBe("?token=[REDACTED]&page=2&code_verifier=[REDACTED]&q=lease");
  expect(redactQuery("")).toBe("");
  expect(redactUrl(new URL("http://h/settings?access_token=x"))).toBe("/settings?access_token=[REDACTED]");
});
