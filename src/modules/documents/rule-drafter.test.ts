import { describe, expect, test } from "bun:test";
import { validateCanonical } from "../forms/registry";
import { ruleDraft } from "./rule-drafter";

// A Monday: "September 1" is later this year, "March 1" next year.
const TODAY = { year: 2026, month: 6, day: 15 };
const d = (year: number, month: number, day: number) => ({ year, month, day });

/** Drafts, asserts the draft validates, and returns its body. */
function body(prompt: string, formKey?: string): any {
  const r = ruleDraft(prompt, TODAY);
  const v = validateCanonical(r.canonical);
  expect(v.ok ? [] : v.issues).toEqual([]);
  if (formKey) expect(r.formKey).toBe(formKey);
  expect(r.canonical.formKey).toBe(r.formKey);
  const key = r.formKey === "on/aps" ? "aps" : r.formKey === "on/buyer-rep" ? "buyerRep" : "lease";
  return (r.canonical as any)[key];
}
const inferred = (prompt: string): string[] => (ruleDraft(prompt, TODAY).canonical as any).provenance.inferred;

test("the spec's example prompt drafts the condo lease the spec shows, with the term's end and every filled path inferred", () => {
  const r = ruleDraft("Draft a condo lease for 88 Harbour St unit 2502, $3,200/month, one year from August 1 2026", TODAY);
  expect(r.formKey).toBe("on/condo-lease");
  expect(r.canonical).toEqual({
    schemaVersion: 1,
    formKey: "on/condo-lease",
    lease: {
      tenants: [],
      landlords: [],
      property: { address: { street: "88 Harbour St", city: "Toronto", province: "ON" }, condo: { unit: "2502" } },
      term: { commencement: d(2026, 8, 1), kind: "fixed", endDate: d(2027, 7, 31) },
      monthlyRent: { cents: 320_000 },
    },
    provenance: {
      aiDrafted: true,
      drafter: "rules",
      inferred: [
        "lease.property.address.street", "lease.property.address.city", "lease.property.address.province",
        "lease.property.condo.unit", "lease.term.commencement", "lease.term.kind", "lease.term.endDate", "lease.monthlyRent",
      ],
    },
  });
  expect(validateCanonical(r.canonical).ok).toBe(true);
});

test("the pack is picked by keywords, explicit form names first, the residential lease by default", () => {
  const cases: [string, string][] = [
    ["Offer to lease 12 Elm St", "on/residential-lease"],
    ["Lease for a 1-bedroom apartment in a condo building", "on/condo-lease"],
    ["Rent out the basement unit 2 at 12 Elm St", "on/residential-lease"], // a unit number alone is no condo
    ["Tenant wants the unit in TSCC 1234 from Sept 1", "on/condo-lease"],
    ["Agreement of purchase and sale, tenant to vacate", "on/aps"],
    ["Buyer wants to buy a house in Ottawa", "on/aps"],
    ["Draft an APS", "on/aps"],
    ["Buyer representation agreement to buy a house in Ottawa", "on/buyer-rep"],
    ["We will represent the buyers in Kingston", "on/buyer-rep"],
    ["Sign a BRA with Jane", "on/buyer-rep"],
    ["hello", "on/residential-lease"],
  ];
  for (const [prompt, formKey] of cases) expect([prompt, ruleDraft(prompt, TODAY).formKey]).toEqual([prompt, formKey]);
});

describe("leases", () => {
  test("a residential lease: city, parties with e-mails, a yearless date, month to month, rent, due day, deposits", () => {
    const l = body(
      "Lease 12 Elm St, Guelph to tenant Sam Lee sam@example.com, landlord Priya Patel (priya@example.com), $2,400 per month " +
        "starting Sept 1, month-to-month, rent due on the 1st, deposit of $2,400, key deposit $100",
      "on/residential-lease",
    );
    expect(l).toEqual({
      tenants: [{ name: "Sam Lee", email: "sam@example.com" }],
      landlords: [{ name: "Priya Patel", email: "priya@example.com" }],
      property: { address: { street: "12 Elm St", city: "Guelph", province: "ON" } },
      term: { commencement: d(2026, 9, 1), kind: "monthly" },
      monthlyRent: { cents: 240_000 },
      rent: { dueDay: 1 },
      rentDeposit: { cents: 240_000 },
      keyDeposit: { cents: 10_000 },
    });
  });

  test("dates in several formats and terms in words, digits and hyphens", () => {
    const term = (prompt: string) => body(`lease ${prompt}`).term;
    expect(term("from 1 March 2027, 6 months")).toEqual({ commencement: d(2027, 3, 1), kind: "fixed", endDate: d(2027, 8, 31) });
    expect(term("starting Aug 1, 2026 for 12 months")).toEqual({ commencement: d(2026, 8, 1), kind: "fixed", endDate: d(2027, 7, 31) });
    expect(term("from 2026-10-01, two-year term")).toEqual({ commencement: d(2026, 10, 1), kind: "fixed", endDate: d(2028, 9, 30) });
    // No year: March 1 has passed on June 15, so next year's; a year from it ends on a leap day.
    expect(term("from March 1 for a year")).toEqual({ commencement: d(2027, 3, 1), kind: "fixed", endDate: d(2028, 2, 29) });
    expect(term("from September 1")).toEqual({ commencement: d(2026, 9, 1) });
    expect(term("from June 15")).toEqual({ commencement: d(2026, 6, 15) }); // today counts
    expect(term("from 1st of October 2026 to 30 September 2027")).toEqual({ commencement: d(2026, 10, 1), kind: "fixed", endDate: d(2027, 9, 30) });
    expect(term("beginning tomorrow, 6-month term")).toEqual({ commencement: d(2026, 6, 16), kind: "fixed", endDate: d(2026, 12, 15) });
    expect(term("from Feb 30 2027")).toBeUndefined(); // not a calendar date
    expect(term("one year, no start given")).toBeUndefined(); // a fixed term needs its end date, so none
  });

  test("monthly rent in several formats; unlabelled dollars are the rent", () => {
    const rent = (prompt: string) => body(`lease ${prompt}`).monthlyRent;
    expect(rent("$3200 per month")).toEqual({ cents: 320_000 });
    expect(rent("3,200 a month")).toEqual({ cents: 320_000 });
    expect(rent("$2,000 monthly")).toEqual({ cents: 200_000 });
    expect(rent("rent of 2,150.50")).toEqual({ cents: 215_050 });
    expect(rent("$2,800/mo")).toEqual({ cents: 280_000 });
    expect(rent("for $1,900 at 4 Birch Lane")).toEqual({ cents: 190_000 });
    expect(rent("for 12 months at unit 12")).toBeUndefined(); // bare numbers are not money
  });

  test("units: 'unit', 'suite', 'apt', '#' and the unit-street form; in the address, or the condo details of a condo", () => {
    expect(body("lease 5 Oak Ave apt 4, Hamilton").property).toEqual({ address: { street: "5 Oak Ave", unit: "4", city: "Hamilton", province: "ON" } });
    expect(body("rent out suite 5 at 10 King Street West").property.address).toEqual({ street: "10 King Street West", unit: "5", city: "Toronto", province: "ON" });
    expect(body("lease 2502-88 Harbour St, Toronto").property.address.unit).toBe("2502");
    expect(body("condo rental #1203 - 300 Front St W, Toronto, TSCC 1234, parking P2-41, locker L3-12", "on/condo-lease").property).toEqual({
      address: { street: "300 Front St W", city: "Toronto", province: "ON" },
      condo: { corporation: "TSCC 1234", unit: "1203", parking: "P2-41", locker: "L3-12" },
    });
  });

  test("parties: several per role, 'between' as landlord then tenant, a name ending a sentence, names not read as cities", () => {
    const l = body("condo lease, tenants Sam Lee and Alex Lee (alex@example.com). Landlord Priya Milton. Unit in Kingston");
    expect(l.tenants).toEqual([{ name: "Sam Lee" }, { name: "Alex Lee", email: "alex@example.com" }]);
    expect(l.landlords).toEqual([{ name: "Priya Milton" }]);
    const b = body("lease between Priya Patel and Sam Lee sam@example.com at 7 Kingston Rd, Oshawa");
    expect([b.landlords, b.tenants]).toEqual([[{ name: "Priya Patel" }], [{ name: "Sam Lee", email: "sam@example.com" }]]);
    expect(b.property.address).toEqual({ street: "7 Kingston Rd", city: "Oshawa", province: "ON" });
  });

  test("values that would break the lease rules are dropped: a deposit above a month's rent, an end before the start", () => {
    const l = body("lease from Aug 1 2026 to July 1 2026, $2,800/mo, deposit $5,000");
    expect(l).toEqual({ tenants: [], landlords: [], term: { commencement: d(2026, 8, 1) }, monthlyRent: { cents: 280_000 } });
    // "first and last": the rent deposit is one month's rent.
    expect(body("lease $2,000/month, first and last").rentDeposit).toEqual({ cents: 200_000 });
  });
});

describe("agreements of purchase and sale", () => {
  test("a conditional offer: parties, price in millions, deposit herewith, irrevocable time, conditions, a holiday closing moved", () => {
    const a = body(
      "Offer on a detached house at 45 Maple Crescent, Oakville for $1.2M. Buyer Jane Smith (jane@example.com), seller Bob Jones. " +
        "Deposit of $50,000 herewith, closing August 3 2026, irrevocable until 6 pm on June 17 2026, " +
        "conditional on financing within 5 days and inspection within 7 business days, HST included",
      "on/aps",
    );
    expect(a).toEqual({
      buyers: [{ name: "Jane Smith", email: "jane@example.com" }],
      sellers: [{ name: "Bob Jones" }],
      propertyType: "freehold",
      property: { address: { street: "45 Maple Crescent", city: "Oakville", province: "ON" } },
      price: { cents: 120_000_000 },
      deposit: { amount: { cents: 5_000_000 }, rule: "herewith" },
      irrevocable: { date: d(2026, 6, 17), time: "18:00" },
      conditions: [
        // Acceptance taken as today (June 15): 5 calendar days, and 7 business days skipping the weekend.
        { key: "financing", description: "Buyer arranging financing satisfactory to the buyer", waiverDeadline: { date: d(2026, 6, 20) } },
        { key: "inspection", description: "Buyer obtaining a home inspection satisfactory to the buyer", waiverDeadline: { date: d(2026, 6, 24) } },
      ],
      completionDate: d(2026, 8, 4), // August 3 2026 is the Civic Holiday
      hst: "included",
    });
    expect(inferred("Offer on 45 Maple Crescent for $1.2M, closing August 3 2026")).toEqual([
      "aps.property.address.street", "aps.property.address.city", "aps.property.address.province", "aps.price", "aps.completionDate",
    ]);
  });

  test("a condo resale: the unit makes it a condo; Christmas and the observed Boxing Day push completion to December 29", () => {
    const a = body("APS for unit 2502, 88 Harbour St, price of $750k, deposit $40,000 upon acceptance, completion 2026-12-25, title search by December 1 2026");
    expect(a).toEqual({
      buyers: [],
      sellers: [],
      propertyType: "condo",
      property: { address: { street: "88 Harbour St", city: "Toronto", province: "ON" }, condo: { unit: "2502" } },
      price: { cents: 75_000_000 },
      deposit: { amount: { cents: 4_000_000 }, rule: "upon_acceptance" },
      titleSearchDate: d(2026, 12, 1),
      completionDate: d(2026, 12, 29),
    });
  });

  test("prices in several formats: the largest unlabelled amount, not the deposit", () => {
    const price = (p: string) => body(`offer ${p}`, "on/aps").price;
    expect(price("$899,000 with a $40,000 deposit")).toEqual({ cents: 89_900_000 });
    expect(price("at 1.25 million, deposit of $100,000")).toEqual({ cents: 125_000_000 });
    expect(price("price 640k")).toEqual({ cents: 64_000_000 });
    expect(price("$1,234,567.89")).toEqual({ cents: 123_456_789 });
  });

  test("rule guards: a deposit above the price is dropped, a waiver after completion held to it; irrevocable for N days", () => {
    const a = body("Agreement of purchase and sale 12 Elm St Guelph, $500,000, deposit $600,000, closing July 2 2026, " +
      "conditional on financing within 30 days, irrevocable for 2 days, plus HST");
    expect(a.deposit).toBeUndefined();
    expect(a.price).toEqual({ cents: 50_000_000 });
    expect(a.completionDate).toEqual(d(2026, 7, 2));
    expect(a.conditions).toEqual([{ key: "financing", description: "Buyer arranging financing satisfactory to the buyer", waiverDeadline: { date: d(2026, 7, 2) } }]);
    expect(a.irrevocable).toEqual({ date: d(2026, 6, 17), time: "23:59" });
    expect(a.hst).toBe("in_addition");
    // A firm offer has no conditions, whatever else it mentions.
    expect(body("firm offer, $700,000, financing arranged, closing Sept 30 2026").conditions).toBeUndefined();
  });

  test("a deposit due by a date, and buyer then seller from 'between'", () => {
    const a = body("Purchase of 9 Pine Rd, Barrie between Jane Smith and Bob Jones for $899,000, deposit of $25,000 due July 1 2026, completion on Aug 28, 2026");
    expect(a.buyers).toEqual([{ name: "Jane Smith" }]);
    expect(a.sellers).toEqual([{ name: "Bob Jones" }]);
    expect(a.deposit).toEqual({ amount: { cents: 2_500_000 }, rule: "by_date", dueDate: d(2026, 7, 1) });
    expect(a.completionDate).toEqual(d(2026, 8, 28));
  });
});

describe("buyer representation", () => {
  test("buyer, brokerage, agent, areas, property types, a term in days from today, percent commission, holdover", () => {
    const b = body(
      "Buyer representation agreement for Jane Smith jane@example.com to buy a detached or semi-detached home in Toronto and " +
        "Mississauga, for 90 days, 2.5% commission, 60-day holdover, brokerage Northgate Realty Ltd., agent Dana Wu dana@northgate.example",
      "on/buyer-rep",
    );
    expect(b).toEqual({
      buyers: [{ name: "Jane Smith", email: "jane@example.com" }],
      representative: { name: "Dana Wu", email: "dana@northgate.example" },
      brokerage: { name: "Northgate Realty Ltd." },
      geographicArea: "Toronto and Mississauga",
      propertyTypes: ["detached", "semi-detached"],
      start: d(2026, 6, 15),
      expiry: d(2026, 9, 12), // 90 days counting June 15
      commission: { kind: "percent", percent: 2.5 },
      holdoverDays: 60,
    });
  });

  test("a given start, six months, the GTA, a fixed commission", () => {
    expect(body("BRA starting July 1 2026 for 6 months in the GTA, commission of $10,000, condos and townhouses")).toEqual({
      buyers: [],
      geographicArea: "Greater Toronto Area",
      propertyTypes: ["townhouse", "condo"],
      start: d(2026, 7, 1),
      expiry: d(2026, 12, 31),
      commission: { kind: "fixed", cents: 1_000_000 },
    });
  });

  test("a term over six months keeps its expiry only with the buyer's acknowledgment", () => {
    expect(body("represent a buyer, client Raj Smith, for 12 months")).toEqual({ buyers: [{ name: "Raj Smith" }], start: d(2026, 6, 15) });
    expect(body("buyer rep for 1 year from 2026-07-01, buyer acknowledges the longer term, 2.25 percent")).toEqual({
      buyers: [],
      start: d(2026, 7, 1),
      expiry: d(2027, 6, 30),
      commission: { kind: "percent", percent: 2.25 },
      longTermAcknowledged: true,
    });
    expect(body("buyer rep until May 1 2026").expiry).toBeUndefined(); // before the start (today)
    expect(body("buyer rep, 12.5% commission").commission).toBeUndefined(); // over the schema's 10%
  });
});

// ---------------------------------------------------------------------------------------------

const at = (o: any, path: string) => path.split(".").reduce((x, k) => x?.[k], o);

/** A seeded generator, so a failure reproduces. */
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const VOCAB = ["lease", "condo", "tenant", "landlord", "buyer", "seller", "rep", "BRA", "APS", "offer", "deposit", "of", "$", "3,200",
  "/month", "a month", "1.2M", "750k", "%", "2.5", "12.5", "for", "90", "days", "months", "year", "one", "two-year", "from", "to",
  "until", "irrevocable", "closing", "August", "Aug", "1", "31", "2026", "2199", "2201", "9999", "Feb", "30", "29", "-", "#", "unit",
  "88", "Harbour", "St", "Ave", "W", "Toronto", "between", "and", "Jane", "Smith", "jane@example.com", "(", ")", ",", ".", "\n",
  "conditional", "financing", "inspection", "within", "business", "holdover", "commission", "acknowledged", "today", "11:59",
  "pm", "midnight", "TSCC", "parking", "herewith", "first and last", "due on the", "1st", "HST", "é", "日本", "🙂", "\u0000",
  "\ud800", "99999999999999999999", "0", "$0", "2026-02-30", "2026-13-01", "May", "may", "Dec 25", "Christmas"];

test("200 random and garbage prompts all draft canonicals that validate, with every inferred path filled", () => {
  const rand = rng(2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const prompts = ["", " ", "\n\n", "x".repeat(100_000), "1 ".repeat(30_000), "$".repeat(5000), "🙂".repeat(3000), "unit".repeat(500)];
  while (prompts.length < 200) {
    const n = Math.floor(rand() * 40);
    const tokens = Array.from({ length: n }, () => (rand() < 0.15 ? String.fromCharCode(Math.floor(rand() * 0xffff)) : pick(VOCAB)));
    prompts.push(tokens.join(rand() < 0.7 ? " " : ""));
  }
  const filledKinds = new Set<string>();
  for (const prompt of prompts) {
    const r = ruleDraft(prompt, TODAY);
    const v = validateCanonical(r.canonical);
    expect([prompt, v.ok ? [] : v.issues]).toEqual([prompt, []]);
    const c = r.canonical as any;
    expect(c.formKey).toBe(r.formKey);
    expect(c.provenance).toMatchObject({ aiDrafted: true, drafter: "rules" });
    for (const path of c.provenance.inferred) {
      expect(at(c, path)).toBeDefined();
      filledKinds.add(path.split(".").slice(0, 2).join("."));
    }
  }
  // The garbage reaches the extractors: many kinds of fields get filled along the way.
  expect(filledKinds.size).toBeGreaterThan(10);
  // A prompt that is not a string (a JSON body may hold anything) drafts an empty lease.
  expect(ruleDraft(42 as any, TODAY).canonical).toEqual({
    schemaVersion: 1, formKey: "on/residential-lease", lease: { tenants: [], landlords: [] }, provenance: { aiDrafted: true, drafter: "rules", inferred: [] },
  });
});
