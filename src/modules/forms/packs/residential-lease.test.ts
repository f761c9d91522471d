import { expect, test } from "bun:test";
import { packFor, validateCanonical } from "../registry";
import type { DeadlineRule } from "../types";
import { residentialLeasePack as pack } from "./residential-lease";

type Issues = { ok: false; issues: { path: string[]; message: string }[] };
const byPath = (v: unknown) => Object.fromEntries((v as Issues).issues.map((i) => [i.path.join("."), i.message]));
const on = (year: number, month: number, day: number) => ({ date: { year, month, day } });

const lease = {
  schemaVersion: 1,
  formKey: "on/residential-lease",
  lease: {
    landlords: [{ name: "Maple Rentals Inc.", email: "office@maple.example" }],
    tenants: [{ name: "Jordan Roy", email: "jordan@example.com", phone: "519-555-0100" }],
    property: { address: { street: "45 Queen St", unit: "B", city: "Kitchener", province: "ON", postalCode: "N2H 2H1" } },
    landlordContact: { address: { street: "200 King St W", city: "Kitchener", province: "ON" }, phone: "519-555-0199" },
    term: { commencement: { year: 2026, month: 9, day: 1 }, kind: "fixed", endDate: { year: 2027, month: 8, day: 31 } },
    monthlyRent: { cents: 210_000 },
    rent: { dueDay: 1 },
    utilities: { electricity: "tenant", heat: "tenant", water: "landlord" },
    rentDeposit: { cents: 210_000 },
  },
};

const interest = (year: number, month: number, day: number): DeadlineRule => ({
  key: `deposit_interest:${year}`, type: "renewal", description: "Pay or credit the yearly interest on the rent deposit", amountCents: null, on: on(year, month, day),
});

test("the residential lease pack is registered, shares the lease body, and has no condo step", () => {
  expect(packFor("on/residential-lease")).toBe(pack);
  expect(pack).toMatchObject({ title: "Residential Lease", bodyKey: "lease" });
  expect(pack.steps.flatMap((s) => s.fields)).not.toContain("property.condo");
  // The same body is a valid condo lease, and both packs run the same rules.
  expect(validateCanonical({ ...lease, formKey: "on/condo-lease" }).ok).toBe(true);
  expect(pack.check === packFor("on/condo-lease")!.check).toBe(true);
});

test("a complete one-year lease: signers, renewal at the end of the term, first deposit interest", () => {
  expect(validateCanonical(lease).ok).toBe(true);
  expect(pack.complete(lease as any)).toEqual([]);
  expect(pack.parties(lease as any)).toEqual([
    { role: "landlord", name: "Maple Rentals Inc.", email: "office@maple.example" },
    { role: "tenant", name: "Jordan Roy", email: "jordan@example.com" },
  ]);
  // The first anniversary (Sept 1, 2027) is a day after the term; the tenancy continues month
  // to month, so the first year's interest is still tracked.
  expect(pack.deadlines(lease as any)).toEqual([
    { key: "renewal", type: "renewal", description: "End of the fixed term: the tenancy continues month to month unless renewed or ended", on: on(2027, 8, 31) },
    interest(2027, 9, 1),
  ]);
});

test("anniversaries of a February 29 commencement fall on February 28, and stop at the end of the term", () => {
  const c = structuredClone(lease) as any;
  c.lease.term = { commencement: { year: 2024, month: 2, day: 29 }, kind: "fixed", endDate: { year: 2027, month: 3, day: 1 } };
  expect(validateCanonical(c).ok).toBe(true);
  expect(pack.deadlines(c).slice(1)).toEqual([interest(2025, 2, 28), interest(2026, 2, 28), interest(2027, 2, 28)]);
  c.lease.term.endDate = { year: 2028, month: 2, day: 29 }; // a leap year again: the anniversary is Feb 29, on the last day
  expect(pack.deadlines(c).slice(1)).toEqual([interest(2025, 2, 28), interest(2026, 2, 28), interest(2027, 2, 28), interest(2028, 2, 29)]);
});

test("a monthly tenancy: no renewal, the first anniversary only; no deposit, no interest", () => {
  const c = structuredClone(lease) as any;
  c.lease.term = { commencement: { year: 2028, month: 2, day: 29 }, kind: "monthly" };
  expect(validateCanonical(c).ok).toBe(true);
  expect(pack.complete(c)).toEqual([]);
  expect(pack.deadlines(c)).toEqual([interest(2029, 2, 28)]);
  delete c.lease.rentDeposit;
  expect(pack.deadlines(c)).toEqual([]);
});

test("a fixed term needs an end date after the commencement", () => {
  const noEnd = structuredClone(lease) as any;
  delete noEnd.lease.term.endDate;
  expect(byPath(validateCanonical(noEnd))).toEqual({ "lease.term.endDate": "A fixed term needs its end date" });
  expect(pack.complete(noEnd).map((i) => i.path.join("."))).toEqual(["lease.term.endDate"]);

  const backwards = structuredClone(lease) as any;
  backwards.lease.term.endDate = { year: 2026, month: 9, day: 1 };
  expect(byPath(validateCanonical(backwards))).toEqual({ "lease.term.endDate": "The term must end after it begins" });

  const monthlyWithEnd = structuredClone(lease) as any;
  monthlyWithEnd.lease.term.kind = "monthly";
  expect(byPath(validateCanonical(monthlyWithEnd))).toEqual({ "lease.term.endDate": "An end date applies to a fixed term only" });
});

test("other rules: impossible dates, rent parts over the rent, a deposit over a month", () => {
  const c = structuredClone(lease) as any;
  c.lease.term.commencement = { year: 2026, month: 2, day: 30 };
  c.lease.rent = { dueDay: 1, parkingCents: 200_000, servicesCents: 20_000 };
  c.lease.rentDeposit.cents = 420_000;
  const issues = byPath(validateCanonical(c));
  expect(issues["lease.term.commencement"]).toContain("not a calendar date");
  expect(issues["lease.rent"]).toContain("cannot exceed");
  expect(issues["lease.rentDeposit.cents"]).toContain("one month's rent");
  expect(pack.deadlines(c).map((d) => d.key)).toEqual(["renewal"]); // no anniversaries of an impossible date
});

test("structural errors are path-precise; a partial draft validates but lists what is missing", () => {
  const bad = structuredClone(lease) as any;
  bad.lease.rentDeposit = { cents: -1 };
  bad.lease.tenantInsuranceRequired = "yes";
  bad.lease.additionalTerms = ["ok", 7];
  bad.lease.landlordContact.email = 12;
  const p = (validateCanonical(bad) as Issues).issues.map((i) => i.path.join("."));
  expect(p).toEqual(expect.arrayContaining(["lease.rentDeposit.cents", "lease.tenantInsuranceRequired", "lease.additionalTerms.1", "lease.landlordContact.email"]));

  const draft = { schemaVersion: 1, formKey: "on/residential-lease", lease: { term: { kind: "other" } } };
  expect(validateCanonical(draft).ok).toBe(true);
  expect(pack.complete(draft as any).map((i) => i.path.join("."))).toEqual([
    "lease.landlords", "lease.tenants", "lease.property.address", "lease.term.commencement", "lease.term.otherDescription", "lease.monthlyRent", "lease.rent.dueDay",
  ]);
});
