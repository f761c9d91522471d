// Flash messages: a one-shot note ("Saved", "Link sent") carried to the next page in a cookie
// and cleared when shown. The text is rendered escaped like any other data.
export type FlashKind = "success" | "error" | "info";
export interface Flash {
  kind: FlashKind;
  text: string;
}

const COOKIE = "winnerr_flash";

export function flashCookie(flash: Flash): string {
  const value = Buffer.from(JSON.stringify(flash)).toString("base64url");
  return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`;
}

/** Reads the flash from the request; returns it with the Set-Cookie header that clears it. */
export function takeFlash(request: Request): { flash?: Flash; clear?: string } {
  const cookie = request.headers.get("cookie") ?? "";
  const m = cookie.match(new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9_-]+)`));
  if (!m) return {};
  const clear = `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  try {
    const parsed = JSON.parse(Buffer.from(m[1], "base64url").toString("utf8"));
    if (["success", "error", "info"].includes(parsed?.kind) && typeof parsed?.text === "string") {
      return { flash: { kind: parsed.kind, text: parsed.text.slice(0, 500) }, clear };
    }
  } catch {
    // A mangled cookie is dropped, not an error page.
  }
  return { clear };
}
