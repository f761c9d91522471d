// What may appear in a log line. A capability in a path (signer links, CLI tokens) or any
// credential-looking query parameter is replaced before the path is logged or echoed back.

const SECRET_PATH_PREFIXES = ["/sign/", "/api/public/sign/", "/calendar/", "/setup/", "/invite/", "/verify/"];
const SECRET_QUERY_KEY = /token|code|secret|password|key|signature|verifier|state|sig|reveal/i;
// Credential shapes that are secret wherever they appear: API tokens and JWTs.
const SECRET_SEGMENT = /^(win_live_[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export const REDACTED = "[REDACTED]";

export function redactPath(pathname: string): string {
  for (const prefix of SECRET_PATH_PREFIXES) {
    if (pathname.startsWith(prefix) && pathname.length > prefix.length) {
      const rest = pathname.slice(prefix.length);
      const slash = rest.indexOf("/");
      return prefix + REDACTED + (slash >= 0 ? rest.slice(slash) : "");
    }
  }
  return pathname
    .split("/")
    .map((seg) => (SECRET_SEGMENT.test(seg) ? REDACTED : seg))
    .join("/");
}

export function redactQuery(search: string): string {
  if (!search || search === "?") return "";
  const params = new URLSearchParams(search);
  const out: string[] = [];
  for (const [k, v] of params) {
    const secret = SECRET_QUERY_KEY.test(k) || SECRET_SEGMENT.test(v);
    out.push(`${encodeURIComponent(k)}=${secret ? REDACTED : encodeURIComponent(v)}`);
  }
  return out.length ? "?" + out.join("&") : "";
}

/** The request target with secrets removed, for logs and requestInfo.url. */
export function redactUrl(url: URL): string {
  return redactPath(url.pathname) + redactQuery(url.search);
}
