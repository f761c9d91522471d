// Platform administration: every organization, a deeper health check, the mail outbox.
import { count, desc, isNull } from "drizzle-orm";
import type { AppContext } from "../../context";
import { mailOutbox, organizations, sessions, users } from "../../db/schema";
import { checkHealth } from "../health/service";

export function listCustomers(ctx: AppContext, { page, limit }: { page: number; limit: number }) {
  const where = isNull(organizations.deletedAt);
  const total = ctx.db.read.select({ n: count() }).from(organizations).where(where).get()!.n;
  const rows = ctx.db.read
    .select({ id: organizations.id, companyName: organizations.companyName, status: organizations.status, createdAt: organizations.createdAt })
    .from(organizations).where(where).orderBy(desc(organizations.createdAt)).limit(limit).offset((page - 1) * limit).all();
  return { customers: rows, pagination: { page, limit, total, totalPages: Math.ceil(total / limit) } };
}

export function systemHealth(ctx: AppContext) {
  const r = checkHealth(ctx.db, ctx.clock);
  const n = (table: typeof users | typeof organizations | typeof sessions | typeof mailOutbox) => ctx.db.read.select({ n: count() }).from(table).get()!.n;
  const sqlite = ctx.db.reader.query("SELECT sqlite_version() AS v, vec_version() AS vec").get() as { v: string; vec: string };
  return {
    health: {
      status: r.status,
      database: r.database,
      timestamp: r.timestamp,
      // Winnerr additions, hidden from the public health check.
      uptime: r.uptime,
      memory: r.memory,
      sqlite: { version: sqlite.v, vecVersion: sqlite.vec, file: ctx.db.file },
      counts: { users: n(users), organizations: n(organizations), sessions: n(sessions), outbox: n(mailOutbox) },
      mail: ctx.mailer.transport,
    },
  };
}

export function listOutbox(ctx: AppContext, limit = 100) {
  return ctx.db.read.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit).all();
}
