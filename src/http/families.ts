// The URL families of ARCHITECTURE.md. Each family keeps the error shape its spec document
// gives, so the error plugin asks here which family a path belongs to.
export type Family = "platform" | "app" | "public" | "machine" | "oauth" | "mcp" | "webhooks" | "pages";

/** True when path is prefix itself or lies below it ("/api/v1x" is not under "/api/v1"). */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + "/");
}

export function familyOf(path: string): Family {
  if (under(path, "/api/v1/webhooks") || under(path, "/webhooks")) return "webhooks";
  if (under(path, "/api/v1")) return "platform";
  if (under(path, "/api/public")) return "public";
  if (under(path, "/api")) return "app";
  if (under(path, "/v1")) return "machine";
  if (under(path, "/oauth") || under(path, "/.well-known")) return "oauth";
  if (under(path, "/mcp")) return "mcp";
  return "pages";
}
