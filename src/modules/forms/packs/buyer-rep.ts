// on/buyer-rep: a buyer representation agreement between buyers and an Ontario brokerage.
// Winnerr's own field set and wording (not OREA's form text). A term longer than six months
// needs the buyer's separate acknowledgment. Deadlines: the expiry, and the end of the
// holdover period (commission may still be owed on a purchase the brokerage introduced).
import { t, type Static } from "elysia";
import { StrictInt, Address, CalendarDate, PartyPerson, Provenance, missingRequirements, type Requirement } from "../common";
import { addDays, addMonths, cmp, isReal, iso } from "../dates";
import type { DeadlineRule, FormPack, Issue } from "../types";

// TypeBox's own Integer: Elysia's t.Integer also admits numeric strings ("30"), meant for query strings.

const Body = t.Object({
  brokerage: t.Optional(t.Object({
    name: t.Optional(t.String({ maxLength: 200 })),
    address: t.Optional(Address),
    /** The brokerage's registration number with the regulator. */
    registration: t.Optional(t.String({ maxLength: 40 })),
  })),
  buyers: t.Optional(t.Array(PartyPerson, { maxItems: 4 })),
  /** The brokerage's salesperson or broker acting for the buyers. */
  representative: t.Optional(PartyPerson),
  geographicArea: t.Optional(t.String({ maxLength: 500 })),
  propertyTypes: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
  start: t.Optional(CalendarDate),
  expiry: t.Optional(CalendarDate),
  commission: t.Optional(t.Object({
    kind: t.Union([t.Literal("percent"), t.Literal("fixed")]),
    /** Percent of the purchase price, up to two decimals. */
    percent: t.Optional(t.Number({ minimum: 0, maximum: 10 })),
    cents: t.Optional(StrictInt({ minimum: 0 })),
  })),
  /** Days after expiry during which a purchase of a property introduced in the term still earns commission. */
  holdoverDays: t.Optional(StrictInt({ minimum: 0, maximum: 365 })),
  /** The buyer's separate acknowledgment of a term longer than six months. */
  longTermAcknowledged: t.Optional(t.Boolean()),
});

export const BuyerRepCanonical = t.Object({
  schemaVersion: t.Literal(1),
  formKey: t.Literal("on/buyer-rep"),
  buyerRep: Body,
  provenance: t.Optional(Provenance),
});
export type BuyerRep = Static<typeof BuyerRepCanonical>;

export const buyerRepPack: FormPack<BuyerRep> = {
  formKey: "on/buyer-rep",
  title: "Buyer Representation Agreement",
  bodyKey: "buyerRep",
  schema: BuyerRepCanonical,
  steps: [
    { key: "parties", title: "Buyers and brokerage", fields: ["buyers", "brokerage", "representative"] },
    { key: "scope", title: "Area and property types", fields: ["geographicArea", "propertyTypes"] },
    { key: "term", title: "Term", fields: ["start", "expiry", "longTermAcknowledged"] },
    { key: "commission", title: "Commission and holdover", fields: ["commission", "holdoverDays"] },
  ],
  check(c) {
    const b = c.buyerRep;
    const issues: Issue[] = [];
    for (const k of ["start", "expiry"] as const) {
      const d = b[k];
      if (d && !isReal(d)) issues.push({ message: `${iso(d)} is not a calendar date`, path: ["buyerRep", k] });
    }
    if (b.start && b.expiry && isReal(b.start) && isReal(b.expiry)) {
      if (cmp(b.expiry, b.start) <= 0) issues.push({ message: "The agreement must expire after it starts", path: ["buyerRep", "expiry"] });
      else if (cmp(addMonths(b.start, 6), b.expiry) < 0 && b.longTermAcknowledged !== true) {
        issues.push({ message: "A term longer than six months needs the buyer's separate acknowledgment", path: ["buyerRep", "longTermAcknowledged"] });
      }
    }
    const com = b.commission;
    if (com?.kind === "percent") {
      if (com.percent === undefined) issues.push({ message: "A percentage commission needs its percent", path: ["buyerRep", "commission", "percent"] });
      else if (Math.abs(com.percent * 100 - Math.round(com.percent * 100)) > 1e-9) {
        issues.push({ message: "The commission percent has at most two decimals", path: ["buyerRep", "commission", "percent"] });
      }
      if (com.cents !== undefined) issues.push({ message: "A percentage commission has no fixed amount", path: ["buyerRep", "commission", "cents"] });
    } else if (com?.kind === "fixed") {
      if (com.cents === undefined) issues.push({ message: "A fixed commission needs its amount", path: ["buyerRep", "commission", "cents"] });
      if (com.percent !== undefined) issues.push({ message: "A fixed commission has no percent", path: ["buyerRep", "commission", "percent"] });
    }
    return issues;
  },
  complete(c) {
    const b = c.buyerRep;
    const com = b.commission;
    const need: Requirement[] = [
      [b.brokerage?.name, ["buyerRep", "brokerage", "name"], "The brokerage's name"],
      [b.buyers?.length, ["buyerRep", "buyers"], "At least one buyer"],
      [b.geographicArea, ["buyerRep", "geographicArea"], "The geographic area"],
      [b.start, ["buyerRep", "start"], "The start date"],
      [b.expiry, ["buyerRep", "expiry"], "The expiry date"],
      [com && (com.kind === "percent" ? com.percent !== undefined : com.cents !== undefined), ["buyerRep", "commission"], "The commission"],
    ];
    return missingRequirements(need);
  },
  parties(c) {
    const b = c.buyerRep;
    return [
      ...(b.buyers ?? []).map((p) => ({ role: "buyer", name: p.name, email: p.email ?? null })),
      ...(b.representative ? [{ role: "brokerage", name: b.representative.name, email: b.representative.email ?? null }] : []),
    ];
  },
  deadlines(c) {
    const b = c.buyerRep;
    const out: DeadlineRule[] = [];
    if (b.expiry) {
      out.push({ key: "expiry", type: "expiry", description: "The buyer representation agreement expires", on: { date: b.expiry } });
      if ((b.holdoverDays ?? 0) > 0) {
        out.push({ key: "holdover", type: "expiry", description: "End of the holdover period", on: { date: addDays(b.expiry, b.holdoverDays!) } });
      }
    }
    return out;
  },
};
