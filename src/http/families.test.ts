import { expect, test } from "bun:test";
import { familyOf } from "./families";

test.each([
  ["/api/v1/health", "platform"],
  ["/api/v1", "platform"],
  ["/api/v1/webhooks/voice/inbound", "webhooks"],
  ["/webhooks/twilio/sms", "webhooks"],
  ["/api/public/sign/x", "public"],
  ["/api/v1x", "app"],
  ["/api/documents", "app"],
  ["/v1/loops/x/connector-snapshot", "machine"],
  ["/oauth/token", "oauth"],
  ["/.well-known/oauth-authorization-server", "oauth"],
  ["/mcp", "mcp"],
  ["/", "pages"],
  ["/sign/abc", "pages"],
  ["/v1x", "pages"],
])("%s is in the %s family", (path, family) => {
  expect(familyOf(path)).toBe(family as never);
});
