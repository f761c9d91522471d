import { expect, test } from "bun:test";
import { EXAMPLES } from "../examples";
import { packFor, validateCanonical } from "../registry";
import { buyerRepPack as pack } from "./buyer-rep";

type Issues = { ok: false; issues: { path: string[]; message: string }[] };
const byPath = (v: unknown) => Object.fromEntries((v as Issues).issues.map((i) => [i.path.join("."), i.message]));
const d = (year: number, month: number, day: number) => ({ year, month, day });

// The complete example the PDF tests and the benchmark also use.
const rep = EXAMPLES["on/buyer-rep"] as any;
const withTerm = (start: object, expiry: object, extra: object = {}) => {
  const c = structuredClone(rep) as any;
  Object.assign(c.buyerRep, { start, expiry }, extra);
  return c;
};

test("the buyer representation pack is registered under its key, title and body key", () => {
  expect(packFor("on/buyer-rep")).toBe(pack);
  expect(pack).toMatchObject({ title: "Buyer Representation Agreement", bodyKey: "buyerRep" });
});

test("a complete agreement validates, derives its signers, its expiry and the end of the holdover", () => {
  expect(validateCanonical(rep).ok).toBe(true);
  expect(pack.complete(rep as any)).toEqual([]);
  expect(pack.parties(rep as any)).toEqual([
    { role: "buyer", name: "Jane Smith", email: "jane@example.com" },
    { role: "buyer", name: "Raj Smith", email: null },
    { role: "brokerage", name: "Dana Wu", email: "dana@northgate.example" },
  ]);
  expect(pack.deadlines(rep as any)).toEqual([
    { key: "expiry", type: "expiry", description: "The buyer representation agreement expires", on: { date: d(2026, 8, 31) } },
    { key: "holdover", type: "expiry", description: "End of the holdover period", on: { date: d(2026, 10, 30) } },
  ]);
  const noRep = structuredClone(rep) as any;
  delete noRep.buyerRep.representative;
  expect(pack.parties(noRep).map((p) => p.role)).toEqual(["buyer", "buyer"]);
});

test("holdover dates across February (leap and common years), the year end, and none at zero days", () => {
  const holdover = (expiry: object, holdoverDays: number) => pack.deadlines(withTerm(d(2025, 12, 1), expiry, { holdoverDays, longTermAcknowledged: true })).find((x) => x.key === "holdover")?.on?.date;
  expect(holdover(d(2028, 2, 1), 30)).toEqual(d(2028, 3, 2));
  expect(holdover(d(2027, 2, 1), 30)).toEqual(d(2027, 3, 3));
  expect(holdover(d(2028, 2, 28), 1)).toEqual(d(2028, 2, 29));
  expect(holdover(d(2026, 12, 15), 90)).toEqual(d(2027, 3, 15));
  expect(holdover(d(2026, 3, 31), 365)).toEqual(d(2027, 3, 31));
  expect(holdover(d(2026, 3, 31), 0)).toBeUndefined();
});

test("more than six months needs the buyer's acknowledgment; six months to the day does not", () => {
  // Six calendar months from August 31 end on the last day of February.
  expect(validateCanonical(withTerm(d(2025, 8, 31), d(2026, 2, 28))).ok).toBe(true);
  expect(validateCanonical(withTerm(d(2027, 8, 31), d(2028, 2, 29))).ok).toBe(true);
  expect(validateCanonical(withTerm(d(2026, 1, 15), d(2026, 7, 15))).ok).toBe(true);

  for (const long of [withTerm(d(2025, 8, 31), d(2026, 3, 1)), withTerm(d(2027, 8, 31), d(2028, 3, 1)), withTerm(d(2026, 1, 15), d(2026, 7, 16))]) {
    const v = validateCanonical(long) as Issues;
    expect(v.ok).toBe(false);
    expect(v.issues).toEqual([{ message: "A term longer than six months needs the buyer's separate acknowledgment", path: ["buyerRep", "longTermAcknowledged"] }]);
    expect(validateCanonical({ ...long, buyerRep: { ...long.buyerRep, longTermAcknowledged: false } }).ok).toBe(false);
    expect(validateCanonical({ ...long, buyerRep: { ...long.buyerRep, longTermAcknowledged: true } }).ok).toBe(true);
  }
});

test("the expiry must follow the start; dates must exist", () => {
  expect(byPath(validateCanonical(withTerm(d(2026, 3, 1), d(2026, 3, 1))))).toEqual({ "buyerRep.expiry": "The agreement must expire after it starts" });
  expect(byPath(validateCanonical(withTerm(d(2026, 3, 1), d(2026, 2, 1))))).toEqual({ "buyerRep.expiry": "The agreement must expire after it starts" });
  expect(byPath(validateCanonical(withTerm(d(2026, 2, 29), d(2026, 4, 31))))).toEqual({
    "buyerRep.start": "2026-02-29 is not a calendar date",
    "buyerRep.expiry": "2026-04-31 is not a calendar date",
  });
});

test("commission: the kind and the amount agree, a percent has at most two decimals", () => {
  const commission = (com: object) => {
    const c = structuredClone(rep) as any;
    c.buyerRep.commission = com;
    return c;
  };
  expect(validateCanonical(commission({ kind: "fixed", cents: 1_500_000 })).ok).toBe(true);
  expect(validateCanonical(commission({ kind: "percent", percent: 2.25 })).ok).toBe(true);
  expect(validateCanonical(commission({ kind: "percent", percent: 1.15 })).ok).toBe(true); // 1.15 * 100 is 114.99999999999999
  expect(byPath(validateCanonical(commission({ kind: "percent", cents: 100 })))).toEqual({
    "buyerRep.commission.percent": "A percentage commission needs its percent",
    "buyerRep.commission.cents": "A percentage commission has no fixed amount",
  });
  expect(byPath(validateCanonical(commission({ kind: "fixed", percent: 2 })))).toEqual({
    "buyerRep.commission.cents": "A fixed commission needs its amount",
    "buyerRep.commission.percent": "A fixed commission has no percent",
  });
  expect(byPath(validateCanonical(commission({ kind: "percent", percent: 2.125 })))).toEqual({ "buyerRep.commission.percent": "The commission percent has at most two decimals" });
  expect(Object.keys(byPath(validateCanonical(commission({ kind: "percent", percent: 10.5 }))))).toEqual(["buyerRep.commission.percent"]);
  expect(pack.complete(commission({ kind: "fixed" })).map((i) => i.path.join("."))).toEqual(["buyerRep.commission"]);
});

test("structural errors are path-precise; a partial draft validates but lists what is missing", () => {
  const bad = structuredClone(rep) as any;
  bad.buyerRep.buyers[1].name = 5;
  bad.buyerRep.holdoverDays = 400;
  bad.buyerRep.commission.kind = "both";
  bad.buyerRep.propertyTypes = "condo";
  bad.buyerRep.expiry.day = 0;
  bad.buyerRep.longTermAcknowledged = "yes";
  const paths = (validateCanonical(bad) as Issues).issues.map((i) => i.path.join("."));
  expect(paths).toEqual(expect.arrayContaining([
    "buyerRep.buyers.1.name", "buyerRep.holdoverDays", "buyerRep.commission.kind", "buyerRep.propertyTypes", "buyerRep.expiry.day", "buyerRep.longTermAcknowledged",
  ]));
  const strict = structuredClone(rep) as any;
  strict.buyerRep.holdoverDays = "30"; // Elysia's t.Integer would let this through
  expect(byPath(validateCanonical(strict))).toHaveProperty(["buyerRep.holdoverDays"]);

  const draft = { schemaVersion: 1, formKey: "on/buyer-rep", buyerRep: { buyers: [{ name: "Jane Smith" }], brokerage: {} }, provenance: { aiDrafted: true } };
  expect(validateCanonical(draft).ok).toBe(true);
  expect(pack.complete(draft as any).map((i) => i.path.join("."))).toEqual([
    "buyerRep.brokerage.name", "buyerRep.geographicArea", "buyerRep.start", "buyerRep.expiry", "buyerRep.commission",
  ]);
  expect(pack.deadlines(draft as any)).toEqual([]);
});

test("numeric strings are refused where numbers belong, at their exact path", () => {
  const loose = withTerm({ year: "2025", month: "12", day: "31" }, { year: 2026, month: 6, day: 30 }, { holdoverDays: 1 });
  const v = validateCanonical(loose);
  expect(v.ok).toBe(false);
  expect((v as { issues: { path: string[] }[] }).issues.map((i) => i.path.join("."))).toEqual(["buyerRep.start.year", "buyerRep.start.month", "buyerRep.start.day"]);
});

test("six months from December 31 is June 30: ending then needs no acknowledgment, July 1 does", () => {
  const term = withTerm(d(2025, 12, 31), d(2026, 6, 30), { holdoverDays: 1 });
  expect(pack.check(term)).toEqual([]);
  expect(pack.deadlines(term).map((x) => x.on!.date)).toEqual([d(2026, 6, 30), d(2026, 7, 1)]);
  term.buyerRep.expiry = d(2026, 7, 1);
  expect(pack.check(term)).toEqual([{ message: "A term longer than six months needs the buyer's separate acknowledgment", path: ["buyerRep", "longTermAcknowledged"] }]);
});
