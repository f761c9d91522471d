// Outgoing webhooks let an organization admin make the appliance send requests to a URL of their
// choosing: without this check that would reach the VM's own services, the cloud metadata
// endpoint (169.254.169.254) or the brokerage's LAN. Every address a host resolves to must be
// public; WEBHOOKS_ALLOW_PRIVATE lifts the rule for appliances whose receivers live on the LAN
// (and for tests, whose receiver listens on loopback).
//
// The check runs when a URL is saved and again before each delivery, because a name that
// resolved to a public address yesterday may resolve to 127.0.0.1 today (DNS rebinding).
// fetch() resolves the name once more itself, so a rebinding server racing both lookups can
// still slip through; deliveries never follow redirects, which closes the easier route.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ipMatches } from "../../lib/ip";

const BLOCKED_V4 = [
  "0.0.0.0/8", // "this network", 0.0.0.0 reaches the local host
  "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private
  "100.64.0.0/10", // carrier-grade NAT: the provider's network, not the internet
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, where cloud metadata services answer
  "224.0.0.0/4", "240.0.0.0/4", // multicast, reserved and broadcast: never a web server
  "192.0.0.0/24", "198.18.0.0/15", // IETF protocol assignments, benchmarking
];
const BLOCKED_V6 = [
  "::/128", "::1/128", // unspecified, loopback
  "fe80::/10", "fec0::/10", // link-local, old site-local
  "fc00::/7", // unique local
  "ff00::/8", // multicast
  "::/96", // IPv4-compatible (deprecated): ::7f00:1 is 127.0.0.1
  "64:ff9b::/96", "64:ff9b:1::/48", // NAT64: reach IPv4 addresses, private ones included
  "2002::/16", // 6to4: embeds an IPv4 address
];

const LOOKUP_TIMEOUT_MS = 5000;

/** A URL the appliance will not deliver to; the message says why and is safe to show. */
export class UnsafeWebhookUrl extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeWebhookUrl";
  }
}

/**
 * One spelling per IPv6 address, through the URL parser: ::ffff:127.0.0.1 and
 * 0:0:0:0:0:ffff:7f00:1 both come out as ::ffff:7f00:1. Null when it is not a URL host (a zone id).
 */
function canonicalV6(ip: string): string | null {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** True when the address is not a public unicast address. Unparseable counts as not public. */
export function isNonPublicAddress(ip: string): boolean {
  const blockedV4 = (v4: string) => BLOCKED_V4.some((range) => ipMatches(v4, range));
  if (isIP(ip) === 4) return blockedV4(ip);
  const v6 = isIP(ip) === 6 ? canonicalV6(ip) : null;
  if (!v6) return true;
  // An IPv4-mapped address reaches the IPv4 host inside it, so it is judged as that host.
  const mapped = v6.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return blockedV4([hi >> 8, hi & 255, lo >> 8, lo & 255].join("."));
  }
  return BLOCKED_V6.some((range) => ipMatches(v6, range));
}

async function resolve(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnsafeWebhookUrl(`${host} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => a.address);
  } catch (e) {
    if (e instanceof UnsafeWebhookUrl) throw e;
    throw new UnsafeWebhookUrl(`${host} cannot be resolved`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The parsed URL when the appliance may deliver to it: http(s), no credentials, and (unless
 * allowPrivate) a host whose every address is public. Throws UnsafeWebhookUrl otherwise.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrl("url must be an absolute http or https URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeWebhookUrl("url must use https or http");
  // Credentials in the URL would sit in the database in clear and in every log of the receiver.
  if (url.username || url.password) throw new UnsafeWebhookUrl("url must not contain a user name or password");
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await resolve(host);
  if (!addresses.length) throw new UnsafeWebhookUrl(`${host} cannot be resolved`);
  const bad = addresses.find(isNonPublicAddress);
  if (bad) {
    throw new UnsafeWebhookUrl(`url resolves to a private, loopback or link-local address (${bad}); webhooks go to public addresses only`);
  }
  return url;
}
