// The public side's per-IP limits (the spec's figures: 120 reads and 60 acceptances a minute).
// One pair per running app, shared by the public API and the /consent page, so a client gets the
// same allowance whichever door it uses. RateLimiter allows exactly `limit` per window.
import type { AppContext } from "../../context";
import { RateLimiter } from "../../http/rate-limit";
import { MINUTE } from "../../lib/clock";

export interface ClickwrapLimits {
  read: RateLimiter;
  accept: RateLimiter;
}

const byApp = new WeakMap<AppContext, ClickwrapLimits>();

export function clickwrapLimits(ctx: AppContext): ClickwrapLimits {
  let limits = byApp.get(ctx);
  if (!limits) {
    limits = { read: new RateLimiter(120, MINUTE, ctx.clock), accept: new RateLimiter(60, MINUTE, ctx.clock) };
    byApp.set(ctx, limits);
  }
  return limits;
}
