// The daily digest: once an organization's local time has passed DIGEST_HOUR, each deal's agent
// gets one mail listing their deals' due-soon and overdue obligations, and each admin and owner
// one listing all of the organization's. At most one a recipient a local day, across restarts:
// the (user, day) row in obligation_digests is claimed in a transaction before the mail goes out
// (its primary key makes a second claim a no-op) and released if sending fails, so a later run
// retries. Nothing due, no mail. A SerialRunner runs it every 5 minutes.
import { and, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../context";
import { obligationDigests, organizations, users } from "../../db/schema";
import { MINUTE } from "../../lib/clock";
import { SerialRunner } from "../../lib/serial-runner";
import { zonedParts } from "../../lib/timezone";
import { digestMail } from "../../../views/obligations/mail";
import { orgTimeZone } from "../documents/usage";
import { dueSoonDaysOf, queryObligations, urgencyOf, type ObligationView } from "./service";

const pad = (n: number) => String(n).padStart(2, "0");

/** The organization's local day (YYYY-MM-DD) when its digest hour has passed, else null. */
export function digestDay(now: Date, timeZone: string, digestHour: number): string | null {
  const p = zonedParts(now, timeZone);
  return p.hour < digestHour ? null : `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

function claim(ctx: AppContext, userId: string, day: string, items: number): string | null {
  const sentAt = ctx.clock.now().toISOString();
  const inserted = ctx.db.writer.transaction(() =>
    ctx.db.write.insert(obligationDigests).values({ userId, day, sentAt, items }).onConflictDoNothing().returning({ day: obligationDigests.day }).all(),
  ).immediate();
  return inserted.length ? sentAt : null;
}

async function digestOrg(ctx: AppContext, org: { id: string; name: string }, day: string, signal?: AbortSignal): Promise<number> {
  const soonDays = dueSoonDaysOf(ctx, org.id);
  const due = queryObligations(ctx, org.id, { statuses: ["open"], withinDays: soonDays });
  if (!due.length) return 0;
  const tz = orgTimeZone(ctx, org.id);
  const now = ctx.clock.now();
  const people = ctx.db.read.select({ id: users.id, email: users.email, name: users.name, role: users.role }).from(users)
    .where(and(eq(users.organizationId, org.id), eq(users.status, "active"), isNull(users.deletedAt))).all();
  let sent = 0;
  for (const u of people) {
    if (signal?.aborted) break;
    const mine: ObligationView[] = u.role === "member" ? due.filter((v) => v.agentUserId === u.id) : due;
    if (!mine.length) continue;
    const sentAt = claim(ctx, u.id, day, mine.length);
    if (!sentAt) continue; // already sent today
    const mail = digestMail({
      name: u.name, company: org.name, timeZone: tz, url: `${ctx.config.publicUrl}/obligations`, scope: u.role === "member" ? "your deals" : "the brokerage",
      items: mine.map((v) => ({ ...v, urgency: urgencyOf(v.o.dueAt!, now, soonDays), link: `${ctx.config.publicUrl}${v.o.dealId ? `/deals/${v.o.dealId}` : `/documents/${v.o.documentId}`}` })),
    });
    try {
      await ctx.mailer.send({ to: u.email, organizationId: org.id, ...mail });
      sent++;
    } catch (e) {
      // Release the claim: nothing went out, so the next run tries again.
      ctx.db.write.delete(obligationDigests).where(and(eq(obligationDigests.userId, u.id), eq(obligationDigests.day, day), eq(obligationDigests.sentAt, sentAt))).run();
      ctx.logger.error("obligation digest failed", { userId: u.id, error: (e as Error).message });
    }
  }
  return sent;
}

/** One pass over every active organization; returns how many digests went out. */
export async function runDigests(ctx: AppContext, signal?: AbortSignal): Promise<number> {
  const now = ctx.clock.now();
  const orgs = ctx.db.read.select({ id: organizations.id, name: organizations.companyName }).from(organizations)
    .where(and(eq(organizations.status, "active"), isNull(organizations.deletedAt))).all();
  let sent = 0;
  for (const org of orgs) {
    if (signal?.aborted) break;
    const day = digestDay(now, orgTimeZone(ctx, org.id), ctx.config.obligations.digestHour);
    if (day) sent += await digestOrg(ctx, org, day, signal);
  }
  return sent;
}

const runners = new WeakMap<AppContext, SerialRunner>();

/** Starts the digest every 5 minutes (and once now); the returned function stops it and waits for a run in flight. */
export function startObligationWorker(ctx: AppContext): () => Promise<void> {
  const runner = new SerialRunner("obligation digest", ctx.logger, (signal) => runDigests(ctx, signal));
  runners.set(ctx, runner);
  runner.start(5 * MINUTE);
  return async () => {
    runner.stop();
    await runner.idle();
    if (runners.get(ctx) === runner) runners.delete(ctx);
  };
}

/** A digest run now, after any run in flight (tests; an operator's nudge). */
export function runObligationDigests(ctx: AppContext): Promise<number> {
  return runners.get(ctx)?.run() ?? runDigests(ctx);
}
