import { expect, test } from "bun:test";
import { packFor, validateCanonical } from "../registry";
import { condoLeasePack } from "./condo-lease";

type Issues = { ok: false; issues: { path: string[]; message: string }[] };
const paths = (v: unknown) => (v as Issues).issues.map((i) => i.path.join("."));

const lease = {
  schemaVersion: 1,
  formKey: "on/condo-lease",
  lease: {
    landlords: [{ name: "Priya Patel", email: "priya@example.com" }],
    tenants: [{ name: "Sam Lee", email: "sam@example.com" }, { name: "Alex Lee" }],
    property: {
      address: { street: "88 Harbour St", unit: "2502", city: "Toronto", province: "ON", postalCode: "M5J 0C3" },
      condo: { corporation: "TSCC 2345", unit: "2502", parking: "P2-41", locker: "L3-12" },
    },
    landlordContact: { address: { street: "1 Yonge St", city: "Toronto", province: "ON" }, email: "priya@example.com" },
    term: { commencement: { year: 2026, month: 8, day: 1 }, kind: "fixed", endDate: { year: 2028, month: 8, day: 1 } },
    monthlyRent: { cents: 320_000 },
    rent: { dueDay: 1, parkingCents: 15_000, servicesCents: 5_000 },
    utilities: { electricity: "tenant", heat: "landlord", water: "landlord" },
    rentDeposit: { cents: 320_000 },
    keyDeposit: { cents: 10_000 },
    tenantInsuranceRequired: true,
    additionalTerms: ["No smoking in the unit or on the balcony"],
  },
};

test("the condo lease pack is registered with its title, body key and a condo step", () => {
  expect(packFor("on/condo-lease")).toBe(condoLeasePack);
  expect(condoLeasePack).toMatchObject({ title: "Residential Lease — Condominium Unit", bodyKey: "lease" });
  expect(condoLeasePack.steps.map((s) => s.key)).toEqual(["parties", "unit", "term", "deposits", "additional"]);
  expect(condoLeasePack.steps.find((s) => s.key === "unit")!.fields).toContain("property.condo");
});

test("the spec's AI draft example validates and is not yet complete", () => {
  const draft = {
    schemaVersion: 1,
    formKey: "on/condo-lease",
    lease: {
      tenants: [],
      landlords: [],
      property: { address: { street: "88 Harbour St", city: "Toronto", province: "ON" } },
      term: { commencement: { year: 2026, month: 8, day: 1 } },
      monthlyRent: { cents: 320000 },
    },
    provenance: { aiDrafted: true },
  };
  expect(validateCanonical(draft)).toMatchObject({ ok: true, pack: condoLeasePack });
  expect(condoLeasePack.complete(draft as any).map((i) => i.path.join("."))).toEqual([
    "lease.landlords", "lease.tenants", "lease.term.kind", "lease.rent.dueDay",
  ]);
  expect(condoLeasePack.deadlines(draft as any)).toEqual([]);
});

test("a complete condo lease validates, derives its signers and its deadlines", () => {
  expect(validateCanonical(lease).ok).toBe(true);
  expect(condoLeasePack.complete(lease as any)).toEqual([]);
  expect(condoLeasePack.parties(lease as any)).toEqual([
    { role: "landlord", name: "Priya Patel", email: "priya@example.com" },
    { role: "tenant", name: "Sam Lee", email: "sam@example.com" },
    { role: "tenant", name: "Alex Lee", email: null },
  ]);
  // Two-year term ending on the second anniversary: both anniversaries fall within it.
  expect(condoLeasePack.deadlines(lease as any)).toEqual([
    { key: "renewal", type: "renewal", description: "End of the fixed term: the tenancy continues month to month unless renewed or ended", on: { date: { year: 2028, month: 8, day: 1 } } },
    { key: "deposit_interest:2027", type: "renewal", description: "Pay or credit the yearly interest on the rent deposit", amountCents: null, on: { date: { year: 2027, month: 8, day: 1 } } },
    { key: "deposit_interest:2028", type: "renewal", description: "Pay or credit the yearly interest on the rent deposit", amountCents: null, on: { date: { year: 2028, month: 8, day: 1 } } },
  ]);
});

test("structural errors are path-precise", () => {
  const bad = structuredClone(lease) as any;
  bad.lease.monthlyRent.cents = "a lot";
  bad.lease.utilities.heat = "shared";
  bad.lease.term.kind = "yearly";
  bad.lease.rent.dueDay = 32;
  bad.lease.property.condo.unit = 2502;
  bad.lease.tenants[1].name = "";
  bad.lease.term.commencement.month = 13;
  const v = validateCanonical(bad);
  expect(v.ok).toBe(false);
  const p = paths(v);
  for (const want of ["lease.monthlyRent.cents", "lease.utilities.heat", "lease.term.kind", "lease.rent.dueDay", "lease.property.condo.unit", "lease.tenants.1.name", "lease.term.commencement.month"]) {
    expect(p).toContain(want);
  }
});

test("a rent deposit over one month's rent is refused; exactly one month is allowed", () => {
  const over = structuredClone(lease) as any;
  over.lease.rentDeposit.cents = 320_001;
  const v = validateCanonical(over) as Issues;
  expect(v.ok).toBe(false);
  expect(v.issues).toEqual([{ message: "A rent deposit cannot be more than one month's rent", path: ["lease", "rentDeposit", "cents"] }]);
  const exact = structuredClone(lease) as any;
  exact.lease.rentDeposit.cents = 320_000;
  expect(validateCanonical(exact).ok).toBe(true);
});

test("integers are strict: numeric strings are refused at their exact path", () => {
  const strict = structuredClone(lease) as any;
  strict.lease.rent = { dueDay: "1", parkingCents: "15000" };
  strict.lease.monthlyRent.cents = "99000";
  strict.lease.term.commencement.year = "2026";
  expect(paths(validateCanonical(strict)).sort()).toEqual(["lease.monthlyRent.cents", "lease.rent.dueDay", "lease.rent.parkingCents", "lease.term.commencement.year"]);
});
