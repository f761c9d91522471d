// Content-Security-Policy of the pages: they load only what the binary serves; inline styles are
// allowed for htmx's indicators. The signer page widens it for Cloudflare Turnstile when configured.
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

const TURNSTILE = "https://challenges.cloudflare.com";

export const TURNSTILE_PAGE_CSP = PAGE_CSP
  .replace("script-src 'self'", `script-src 'self' ${TURNSTILE}`)
  .replace("connect-src 'self'", `connect-src 'self' ${TURNSTILE}; frame-src ${TURNSTILE}`);
