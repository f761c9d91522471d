// The usage meter: documents rendered in the current calendar month of the organization's time
// zone (settings.timezone, default America/Toronto), against DOCUMENTS_INCLUDED_PER_MONTH. It
// only counts: going over the allotment is overage, never a refusal to generate.
import { and, count, eq, gte, lt } from "drizzle-orm";
import type { AppContext } from "../../context";
import { documentRenders, organizations } from "../../db/schema";
import { DEFAULT_TIME_ZONE, isTimeZone, monthPeriod } from "../../lib/timezone";

export function orgTimeZone(ctx: AppContext, orgId: string): string {
  const org = ctx.db.read.select({ settings: organizations.settings }).from(organizations).where(eq(organizations.id, orgId)).get();
  const tz = org?.settings?.timezone;
  return isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE;
}

export interface Usage {
  used: number;
  included: number | null;
  periodLabel: string;
}

export function documentUsage(ctx: AppContext, orgId: string): Usage {
  const period = monthPeriod(ctx.clock.now(), orgTimeZone(ctx, orgId));
  const row = ctx.db.read.select({ n: count() }).from(documentRenders).where(and(
    eq(documentRenders.organizationId, orgId),
    gte(documentRenders.renderedAt, period.start.toISOString()),
    lt(documentRenders.renderedAt, period.end.toISOString()),
  )).get();
  return { used: row?.n ?? 0, included: ctx.config.documentsIncludedPerMonth, periodLabel: period.label };
}
