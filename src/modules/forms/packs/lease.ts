// The body of an Ontario residential lease, shared by on/residential-lease and on/condo-lease:
// the subjects the Province's standard lease covers, in Winnerr's own field names and wording
// (not the standard form's text). The condo pack differs only in the unit's condo details.
// Deadlines: the end of a fixed term, and the yearly interest owed on a rent deposit.
import { t, type Static } from "elysia";
import { StrictInt, Address, CalendarDate, Money, PartyPerson, Provenance, missingRequirements, type Requirement } from "../common";
import { anniversary, cmp, isReal, iso } from "../dates";
import type { DeadlineRule, FormPack, Issue, WizardStep } from "../types";

// TypeBox's own Integer: Elysia's t.Integer also admits numeric strings ("1"), meant for query strings.

const Payer = t.Union([t.Literal("landlord"), t.Literal("tenant")]);

const CondoDetails = t.Object({
  corporation: t.Optional(t.String({ maxLength: 200, description: "e.g. TSCC 1234" })),
  unit: t.Optional(t.String({ maxLength: 20 })),
  parking: t.Optional(t.String({ maxLength: 50 })),
  locker: t.Optional(t.String({ maxLength: 50 })),
});

/** The lease body; `condo` adds the unit's condo details under property. */
export function leaseBody(opts: { condo: boolean }) {
  const property = opts.condo
    ? t.Object({ address: t.Optional(Address), condo: t.Optional(CondoDetails) })
    : t.Object({ address: t.Optional(Address) });
  return t.Object({
    landlords: t.Optional(t.Array(PartyPerson, { maxItems: 4 })),
    tenants: t.Optional(t.Array(PartyPerson, { maxItems: 6 })),
    property: t.Optional(property),
    /** Where the tenant gives notices and documents to the landlord. */
    landlordContact: t.Optional(t.Object({
      address: t.Optional(Address),
      email: t.Optional(t.String({ maxLength: 254 })),
      phone: t.Optional(t.String({ maxLength: 40 })),
    })),
    term: t.Optional(t.Object({
      commencement: t.Optional(CalendarDate),
      kind: t.Optional(t.Union([t.Literal("fixed"), t.Literal("monthly"), t.Literal("other")])),
      /** The last day of a fixed term. */
      endDate: t.Optional(CalendarDate),
      /** A periodic tenancy other than monthly (weekly, daily...), described. */
      otherDescription: t.Optional(t.String({ maxLength: 200 })),
    })),
    /** The whole lawful rent for a month, parking and services included. */
    monthlyRent: t.Optional(Money),
    rent: t.Optional(t.Object({
      dueDay: t.Optional(StrictInt({ minimum: 1, maximum: 31, description: "Day of the month the rent is due" })),
      /** The parts of monthlyRent that pay for parking and for services. */
      parkingCents: t.Optional(StrictInt({ minimum: 0 })),
      servicesCents: t.Optional(StrictInt({ minimum: 0 })),
    })),
    utilities: t.Optional(t.Object({
      electricity: t.Optional(Payer),
      heat: t.Optional(Payer),
      water: t.Optional(Payer),
    })),
    rentDeposit: t.Optional(Money),
    keyDeposit: t.Optional(Money),
    tenantInsuranceRequired: t.Optional(t.Boolean()),
    additionalTerms: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 2000 }), { maxItems: 30 })),
  });
}

const CondoBody = leaseBody({ condo: true });
/** Either lease body: the condo one is the wider, so both packs' rules read this type. */
export type LeaseBody = Static<typeof CondoBody>;
export interface Lease {
  schemaVersion: 1;
  formKey: string;
  lease: LeaseBody;
  provenance?: Static<typeof Provenance>;
}

export function leaseCanonical<K extends string>(formKey: K, opts: { condo: boolean }) {
  return t.Object({
    schemaVersion: t.Literal(1),
    formKey: t.Literal(formKey),
    lease: opts.condo ? CondoBody : leaseBody({ condo: false }),
    provenance: t.Optional(Provenance),
  });
}


function check(c: Lease): Issue[] {
  const l = c.lease;
  const issues: Issue[] = [];
  const term = l.term;
  for (const k of ["commencement", "endDate"] as const) {
    const d = term?.[k];
    if (d && !isReal(d)) issues.push({ message: `${iso(d)} is not a calendar date`, path: ["lease", "term", k] });
  }
  if (term?.kind === "fixed" && !term.endDate) issues.push({ message: "A fixed term needs its end date", path: ["lease", "term", "endDate"] });
  if (term?.endDate && term.kind && term.kind !== "fixed") issues.push({ message: "An end date applies to a fixed term only", path: ["lease", "term", "endDate"] });
  if (term?.commencement && term.endDate && cmp(term.endDate, term.commencement) <= 0) {
    issues.push({ message: "The term must end after it begins", path: ["lease", "term", "endDate"] });
  }
  if (l.rentDeposit && l.monthlyRent && l.rentDeposit.cents > l.monthlyRent.cents) {
    issues.push({ message: "A rent deposit cannot be more than one month's rent", path: ["lease", "rentDeposit", "cents"] });
  }
  if (l.monthlyRent && l.rent) {
    const parts = (l.rent.parkingCents ?? 0) + (l.rent.servicesCents ?? 0);
    if (parts > l.monthlyRent.cents) issues.push({ message: "Parking and services are parts of the monthly rent and cannot exceed it", path: ["lease", "rent"] });
  }
  if (l.rent?.dueDay !== undefined && (l.rent.dueDay < 1 || l.rent.dueDay > 31)) {
    issues.push({ message: "The rent is due on a day of the month, 1 to 31", path: ["lease", "rent", "dueDay"] });
  }
  return issues;
}

function complete(c: Lease): Issue[] {
  const l = c.lease;
  const need: Requirement[] = [
    [l.landlords?.length, ["lease", "landlords"], "At least one landlord"],
    [l.tenants?.length, ["lease", "tenants"], "At least one tenant"],
    [l.property?.address?.street && l.property.address.city, ["lease", "property", "address"], "The rental unit's street and city"],
    [l.term?.commencement, ["lease", "term", "commencement"], "The start of the tenancy"],
    [l.term?.kind, ["lease", "term", "kind"], "The kind of term (fixed, monthly or other)"],
    [l.term?.kind !== "fixed" || l.term.endDate, ["lease", "term", "endDate"], "The end date of a fixed term"],
    [l.term?.kind !== "other" || l.term.otherDescription, ["lease", "term", "otherDescription"], "A description of the tenancy period"],
    [l.monthlyRent, ["lease", "monthlyRent"], "The monthly rent"],
    [l.rent?.dueDay, ["lease", "rent", "dueDay"], "The day the rent is due"],
  ];
  return missingRequirements(need);
}

function parties(c: Lease) {
  return [
    ...(c.lease.landlords ?? []).map((p) => ({ role: "landlord", name: p.name, email: p.email ?? null })),
    ...(c.lease.tenants ?? []).map((p) => ({ role: "tenant", name: p.name, email: p.email ?? null })),
  ];
}

function deadlines(c: Lease): DeadlineRule[] {
  const l = c.lease;
  const term = l.term;
  const out: DeadlineRule[] = [];
  const fixedEnd = term?.kind === "fixed" && term.endDate ? term.endDate : undefined;
  if (fixedEnd) {
    out.push({ key: "renewal", type: "renewal", description: "End of the fixed term: the tenancy continues month to month unless renewed or ended", on: { date: fixedEnd } });
  }
  if (l.rentDeposit && term?.commencement && isReal(term.commencement)) {
    // Interest is owed every year the deposit is held: each anniversary inside a fixed term,
    // and at least the first (a tenancy goes on month to month after a fixed term of a year).
    for (let n = 1; ; n++) {
      const date = anniversary(term.commencement, n);
      if (n > 1 && (!fixedEnd || cmp(date, fixedEnd) > 0)) break;
      out.push({ key: `deposit_interest:${date.year}`, type: "renewal", description: "Pay or credit the yearly interest on the rent deposit", amountCents: null, on: { date } });
    }
  }
  return out;
}

/** A lease pack: the same rules for both; the condo one adds the condo details to the unit step. */
export function leasePack(opts: { formKey: string; title: string; condo: boolean }): FormPack<Lease> {
  const steps: WizardStep[] = [
    { key: "parties", title: "Landlords and tenants", fields: ["landlords", "tenants", "landlordContact"] },
    { key: "unit", title: "Rental unit", fields: ["property.address", ...(opts.condo ? ["property.condo"] : [])] },
    { key: "term", title: "Term and rent", fields: ["term", "monthlyRent", "rent"] },
    { key: "deposits", title: "Deposits and utilities", fields: ["rentDeposit", "keyDeposit", "utilities", "tenantInsuranceRequired"] },
    { key: "additional", title: "Additional terms", fields: ["additionalTerms"] },
  ];
  return {
    formKey: opts.formKey,
    title: opts.title,
    bodyKey: "lease",
    schema: leaseCanonical(opts.formKey, { condo: opts.condo }),
    steps,
    check,
    complete,
    parties,
    deadlines,
  };
}
