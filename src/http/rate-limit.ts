// Fixed-window counters in memory, keyed by whatever the caller chooses (an IP, an account).
// A restart forgets them, which is all a throttle needs; the clock is injectable for tests.
import type { Clock } from "../lib/clock";
import { tooManyRequests } from "./errors";
import { metaOf } from "./request-meta";

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(readonly limit: number, readonly windowMs: number, private clock: Clock) {}

  /** Seconds until key may try again, or 0 when it is under the limit. Does not count. */
  retryAfter(key: string): number {
    const w = this.current(key);
    if (!w || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.clock.now().getTime()) / 1000));
  }

  /** Counts one event; returns the seconds to wait when this event is over the limit, else 0. */
  hit(key: string): number {
    const now = this.clock.now().getTime();
    let w = this.current(key);
    if (!w) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 50_000) this.sweep(now);
    // The limit-th event itself is allowed ("60 per minute" means the 61st is refused).
    return w.count > this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string) {
    const w = this.windows.get(key);
    if (w && w.start + this.windowMs <= this.clock.now().getTime()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.start + this.windowMs <= now) this.windows.delete(k);
  }
}

/** Counts the request against its client address; 429 with Retry-After once over the limit. */
export function limitByIp(limiter: RateLimiter, request: Request): void {
  const wait = limiter.hit(metaOf(request).ip);
  if (wait) throw tooManyRequests(wait);
}
