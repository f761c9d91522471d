// on/aps: an agreement of purchase and sale for an Ontario resale, freehold or condo. Winnerr's
// own field set and wording (not OREA's form text). Deadlines: the deposit (24 h after
// acceptance when "upon acceptance"), each condition's waiver, the closing, and the end of
// the irrevocable period.
import { t, type Static } from "elysia";
import { isBusinessDay } from "../../../lib/ontario-holidays";
import { Address, CalendarDate, Money, PartyPerson, Provenance, TimeOfDay, missingRequirements, type Requirement } from "../common";
import type { DeadlineRule, FormPack, Issue } from "../types";
import { cmp, iso } from "../dates";

const Body = t.Object({
  propertyType: t.Optional(t.Union([t.Literal("freehold"), t.Literal("condo")])),
  buyers: t.Optional(t.Array(PartyPerson, { maxItems: 4 })),
  sellers: t.Optional(t.Array(PartyPerson, { maxItems: 4 })),
  property: t.Optional(t.Object({
    address: t.Optional(Address),
    legalDescription: t.Optional(t.String({ maxLength: 500 })),
    condo: t.Optional(t.Object({
      corporation: t.Optional(t.String({ maxLength: 200 })),
      unit: t.Optional(t.String({ maxLength: 20 })),
      level: t.Optional(t.String({ maxLength: 20 })),
      parking: t.Optional(t.String({ maxLength: 50 })),
      locker: t.Optional(t.String({ maxLength: 50 })),
    })),
  })),
  price: t.Optional(Money),
  deposit: t.Optional(t.Object({
    amount: Money,
    rule: t.Union([t.Literal("herewith"), t.Literal("upon_acceptance"), t.Literal("by_date")]),
    dueDate: t.Optional(CalendarDate),
  })),
  irrevocable: t.Optional(t.Object({ date: CalendarDate, time: TimeOfDay })),
  conditions: t.Optional(t.Array(t.Object({
    key: t.String({ pattern: "^[a-z0-9_]{1,40}$", description: "e.g. financing, inspection" }),
    description: t.String({ minLength: 1, maxLength: 1000 }),
    waiverDeadline: t.Object({ date: CalendarDate, time: t.Optional(TimeOfDay) }),
  }), { maxItems: 10 })),
  titleSearchDate: t.Optional(CalendarDate),
  completionDate: t.Optional(CalendarDate),
  chattels: t.Optional(t.Array(t.String({ maxLength: 200 }), { maxItems: 50 })),
  fixturesExcluded: t.Optional(t.Array(t.String({ maxLength: 200 }), { maxItems: 50 })),
  rentalItems: t.Optional(t.Array(t.String({ maxLength: 200 }), { maxItems: 20 })),
  hst: t.Optional(t.Union([t.Literal("included"), t.Literal("in_addition"), t.Literal("not_applicable")])),
});

export const ApsCanonical = t.Object({
  schemaVersion: t.Literal(1),
  formKey: t.Literal("on/aps"),
  aps: Body,
  provenance: t.Optional(Provenance),
});
export type Aps = Static<typeof ApsCanonical>;

export const apsPack: FormPack<Aps> = {
  formKey: "on/aps",
  title: "Agreement of Purchase and Sale",
  bodyKey: "aps",
  schema: ApsCanonical,
  steps: [
    { key: "parties", title: "Buyers and sellers", fields: ["buyers", "sellers"] },
    { key: "property", title: "Property", fields: ["propertyType", "property.address", "property.legalDescription", "property.condo"] },
    { key: "money", title: "Price and deposit", fields: ["price", "deposit", "hst"] },
    { key: "dates", title: "Irrevocability, conditions and dates", fields: ["irrevocable", "conditions", "titleSearchDate", "completionDate"] },
    { key: "inclusions", title: "Chattels, fixtures and rentals", fields: ["chattels", "fixturesExcluded", "rentalItems"] },
  ],
  check(c) {
    const a = c.aps;
    const issues: Issue[] = [];
    if (a.completionDate && !isBusinessDay(a.completionDate)) {
      issues.push({ message: `Completion must be on a business day in Ontario (${iso(a.completionDate)} is a weekend or holiday)`, path: ["aps", "completionDate"] });
    }
    if (a.deposit?.rule === "by_date" && !a.deposit.dueDate) issues.push({ message: "A deposit due by a date needs its dueDate", path: ["aps", "deposit", "dueDate"] });
    if (a.deposit && a.price && a.deposit.amount.cents > a.price.cents) issues.push({ message: "The deposit cannot exceed the price", path: ["aps", "deposit", "amount", "cents"] });
    if (a.titleSearchDate && a.completionDate && cmp(a.titleSearchDate, a.completionDate) > 0) {
      issues.push({ message: "The title search date must come before completion", path: ["aps", "titleSearchDate"] });
    }
    (a.conditions ?? []).forEach((cond, i) => {
      if (a.completionDate && cmp(cond.waiverDeadline.date, a.completionDate) > 0) {
        issues.push({ message: "A condition must be waived before completion", path: ["aps", "conditions", String(i), "waiverDeadline", "date"] });
      }
    });
    if (a.propertyType !== "condo" && a.property?.condo) issues.push({ message: "Condo details apply to a condo resale only", path: ["aps", "property", "condo"] });
    return issues;
  },
  complete(c) {
    const a = c.aps;
    const need: Requirement[] = [
      [a.buyers?.length, ["aps", "buyers"], "At least one buyer"],
      [a.sellers?.length, ["aps", "sellers"], "At least one seller"],
      [a.property?.address?.street && a.property.address.city, ["aps", "property", "address"], "The property's street and city"],
      [a.price, ["aps", "price"], "The price"],
      [a.deposit, ["aps", "deposit"], "The deposit"],
      [a.irrevocable, ["aps", "irrevocable"], "The irrevocable date and time"],
      [a.completionDate, ["aps", "completionDate"], "The completion date"],
    ];
    return missingRequirements(need);
  },
  parties(c) {
    return [
      ...(c.aps.buyers ?? []).map((p) => ({ role: "buyer", name: p.name, email: p.email ?? null })),
      ...(c.aps.sellers ?? []).map((p) => ({ role: "seller", name: p.name, email: p.email ?? null })),
    ];
  },
  deadlines(c) {
    const a = c.aps;
    const out: DeadlineRule[] = [];
    if (a.deposit) {
      const base = { key: "deposit", type: "deposit_due" as const, description: "Deposit due", amountCents: a.deposit.amount.cents };
      if (a.deposit.rule === "upon_acceptance") out.push({ ...base, description: "Deposit due within 24 hours of acceptance", after: { event: "envelope_completed", hours: 24 } });
      else if (a.deposit.rule === "by_date" && a.deposit.dueDate) out.push({ ...base, on: { date: a.deposit.dueDate } });
      // "herewith": paid with the offer, nothing left to track
    }
    for (const cond of a.conditions ?? []) {
      out.push({ key: `condition:${cond.key}`, type: "condition_waiver", description: `Waive or fulfil: ${cond.description}`, on: { date: cond.waiverDeadline.date, time: cond.waiverDeadline.time } });
    }
    if (a.completionDate) out.push({ key: "closing", type: "closing", description: "Completion (closing)", on: { date: a.completionDate } });
    if (a.irrevocable) out.push({ key: "irrevocable", type: "expiry", description: "Offer irrevocable until", on: { date: a.irrevocable.date, time: a.irrevocable.time } });
    return out;
  },
};
