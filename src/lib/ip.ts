// IP addresses and CIDR ranges, for allowedIps and TRUSTED_PROXIES. IPv4-mapped IPv6
// addresses (::ffff:1.2.3.4, what a dual-stack socket reports) compare as their IPv4 form.
import { isIP } from "node:net";

export function normalizeIp(ip: string): string {
  const m = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  return (m ? m[1] : ip).toLowerCase();
}

function toBigInt(ip: string): { v: bigint; bits: number } | null {
  ip = normalizeIp(ip);
  const kind = isIP(ip);
  if (kind === 4) return { v: ip.split(".").reduce((a, o) => (a << 8n) + BigInt(Number(o)), 0n), bits: 32 };
  if (kind !== 6) return null;
  const [head, tail = ""] = ip.split("::");
  const hs = head ? head.split(":") : [];
  const ts = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = ip.includes("::") ? [...hs, ...Array(8 - hs.length - ts.length).fill("0"), ...ts] : hs;
  return { v: groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

export function isIpOrCidr(s: string): boolean {
  const [addr, prefix] = s.split("/");
  const parsed = toBigInt(addr);
  if (!parsed) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= parsed.bits;
}

/** True when ip equals the entry, or lies inside it when the entry is a CIDR. */
export function ipMatches(ip: string, entry: string): boolean {
  const [addr, prefix] = entry.split("/");
  const a = toBigInt(ip);
  const b = toBigInt(addr);
  if (!a || !b || a.bits !== b.bits) return false;
  const p = prefix === undefined ? b.bits : Number(prefix);
  const shift = BigInt(b.bits - p);
  return a.v >> shift === b.v >> shift;
}

export function ipAllowed(ip: string, list: string[]): boolean {
  return list.some((e) => ipMatches(ip, e));
}
