// The default closing checklist spawned when a deal becomes firm: what an Ontario brokerage
// tracks between a firm deal and the keys changing hands. Due dates count from the deal's
// closing date when it has one; template keys make the spawn idempotent.
import type { CalendarDate } from "../../db/schema";

export interface ChecklistTemplate {
  key: string;
  title: string;
  /** Days relative to closing (negative = before); null = no due date. */
  closingOffsetDays: number | null;
  kinds: ("purchase" | "sale" | "lease")[];
}

export const DEFAULT_CHECKLIST: ChecklistTemplate[] = [
  { key: "deposit_receipt", title: "Deposit received and receipted into trust", closingOffsetDays: null, kinds: ["purchase", "sale", "lease"] },
  { key: "lawyers_package", title: "Send the firm agreement and amendments to both lawyers", closingOffsetDays: null, kinds: ["purchase", "sale"] },
  { key: "mortgage_commitment", title: "Confirm the buyer's mortgage commitment", closingOffsetDays: -14, kinds: ["purchase"] },
  { key: "insurance", title: "Home insurance binder sent to the buyer's lawyer", closingOffsetDays: -7, kinds: ["purchase"] },
  { key: "walk_through", title: "Book the final walk-through", closingOffsetDays: -2, kinds: ["purchase", "sale"] },
  { key: "lease_docs", title: "Signed lease, first and last month's rent and tenant insurance collected", closingOffsetDays: -3, kinds: ["lease"] },
  { key: "keys", title: "Arrange the key exchange", closingOffsetDays: 0, kinds: ["purchase", "sale", "lease"] },
  { key: "brokerage_file", title: "Close the deal file with the brokerage (trade record, commission)", closingOffsetDays: 3, kinds: ["purchase", "sale", "lease"] },
];

export function dateToIso(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export function addDays(d: CalendarDate, days: number): string {
  const t = Date.UTC(d.year, d.month - 1, d.day) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
