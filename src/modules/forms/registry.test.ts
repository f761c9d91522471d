import { expect, test } from "bun:test";
import { packFor, validateCanonical } from "./registry";

const aps = {
  schemaVersion: 1,
  formKey: "on/aps",
  aps: {
    propertyType: "freehold",
    buyers: [{ name: "Jane Smith", email: "jane@example.com" }],
    sellers: [{ name: "Bob Jones", email: "bob@example.com" }],
    property: { address: { street: "12 Elm St", city: "Guelph", province: "ON", postalCode: "N1H 2K4" } },
    price: { cents: 89_900_000 },
    deposit: { amount: { cents: 4_000_000 }, rule: "upon_acceptance" },
    irrevocable: { date: { year: 2026, month: 7, day: 10 }, time: "23:59" },
    conditions: [{ key: "financing", description: "Buyer arranging a first mortgage", waiverDeadline: { date: { year: 2026, month: 7, day: 17 }, time: "18:00" } }],
    titleSearchDate: { year: 2026, month: 8, day: 20 },
    completionDate: { year: 2026, month: 8, day: 28 },
    hst: "included",
  },
};

test("a complete APS validates, derives its signers and its deadlines", () => {
  const v = validateCanonical(aps);
  expect(v.ok).toBe(true);
  const pack = packFor("on/aps")!;
  expect(pack.complete(aps)).toEqual([]);
  expect(pack.parties(aps)).toEqual([
    { role: "buyer", name: "Jane Smith", email: "jane@example.com" },
    { role: "seller", name: "Bob Jones", email: "bob@example.com" },
  ]);
  expect(pack.deadlines(aps).map((d) => `${d.type}:${d.key}`)).toEqual(["deposit_due:deposit", "condition_waiver:condition:financing", "closing:closing", "expiry:irrevocable"]);
  expect(pack.deadlines(aps)[0]).toMatchObject({ amountCents: 4_000_000, after: { event: "envelope_completed", hours: 24 } });
});

test("structural errors are path-precise", () => {
  const bad = structuredClone(aps) as any;
  bad.aps.price.cents = "lots";
  bad.aps.deposit.rule = "whenever";
  bad.aps.conditions[0].waiverDeadline.date.month = 13;
  const v = validateCanonical(bad);
  expect(v.ok).toBe(false);
  const paths = (v as { issues: { path: string[] }[] }).issues.map((i) => i.path.join("."));
  expect(paths).toContain("aps.price.cents");
  expect(paths).toContain("aps.deposit.rule");
  expect(paths).toContain("aps.conditions.0.waiverDeadline.date.month");
});

test("Ontario rules: completion on a business day, waivers before completion, deposit ≤ price", () => {
  const bad = structuredClone(aps) as any;
  bad.aps.completionDate = { year: 2026, month: 8, day: 3 }; // Civic Holiday
  bad.aps.conditions[0].waiverDeadline.date = { year: 2026, month: 8, day: 10 };
  bad.aps.deposit.amount.cents = 99_900_000;
  const v = validateCanonical(bad) as { ok: false; issues: { path: string[]; message: string }[] };
  expect(v.ok).toBe(false);
  const byPath = Object.fromEntries(v.issues.map((i) => [i.path.join("."), i.message]));
  expect(byPath["aps.completionDate"]).toContain("business day");
  expect(byPath["aps.conditions.0.waiverDeadline.date"]).toContain("before completion");
  expect(byPath["aps.deposit.amount.cents"]).toContain("cannot exceed");
});

test("a partial draft validates but is not complete; an unknown formKey is refused", () => {
  const draft = { schemaVersion: 1, formKey: "on/aps", aps: { price: { cents: 100 } }, provenance: { aiDrafted: true } };
  expect(validateCanonical(draft).ok).toBe(true);
  expect(packFor("on/aps")!.complete(draft as any).map((i) => i.path.join("."))).toContain("aps.buyers");
  const unknown = validateCanonical({ schemaVersion: 1, formKey: "on/nope" });
  expect(unknown).toEqual({ ok: false, issues: [{ message: expect.stringContaining("formKey must be one of"), path: ["formKey"] }] });
});
