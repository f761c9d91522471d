import { describe, expect, test } from "bun:test";
import { EXAMPLES } from "../forms/examples";
import { packFor } from "../forms/registry";
import { applyStep, blankCanonical, leaves, stepNodes } from "./wizard";

const lease = packFor("on/condo-lease")!;
const aps = packFor("on/aps")!;

describe("stepNodes", () => {
  test("reads inputs off the schema, with values from the canonical", () => {
    const fields = leaves(stepNodes(lease, "term", EXAMPLES["on/condo-lease"]));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName["lease.term.commencement"]).toMatchObject({ kind: "date", value: "2026-08-01" });
    expect(byName["lease.term.kind"]).toMatchObject({ kind: "select", value: "fixed", options: ["fixed", "monthly", "other"] });
    expect(byName["lease.monthlyRent"]).toMatchObject({ kind: "money", value: "3200.00" });
    expect(byName["lease.rent.parkingCents"]).toMatchObject({ kind: "money", label: "Parking", value: "150.00" });
    expect(byName["lease.rent.dueDay"]).toMatchObject({ kind: "number", value: "1" });
  });

  test("lists of people show each row plus one blank row, up to the schema's maximum", () => {
    const names = leaves(stepNodes(lease, "parties", EXAMPLES["on/condo-lease"])).map((f) => f.name);
    expect(names).toContain("lease.tenants.1.name");
    expect(names).toContain("lease.tenants.2.name"); // the blank row
    expect(names).not.toContain("lease.tenants.3.name");
    expect(leaves(stepNodes(aps, "dates", EXAMPLES["on/aps"])).find((f) => f.name === "aps.irrevocable.time")?.kind).toBe("time");
  });
});

describe("applyStep", () => {
  test("writes typed values, drops blank rows and cleared inputs", () => {
    const form = {
      "lease.term.commencement": "2026-09-01", "lease.term.kind": "fixed", "lease.term.endDate": "2027-08-31",
      "lease.monthlyRent": "2,950.50", "lease.rent.dueDay": "1", "lease.rent.parkingCents": "", "lease.rent.servicesCents": "25",
    };
    const { canonical, errors } = applyStep(lease, "term", blankCanonical(lease), form);
    expect(errors).toEqual({});
    expect((canonical as any).lease).toEqual({
      term: { commencement: { year: 2026, month: 9, day: 1 }, kind: "fixed", endDate: { year: 2027, month: 8, day: 31 } },
      monthlyRent: { cents: 295_050 }, rent: { dueDay: 1, servicesCents: 2_500 },
    });
    const parties = applyStep(lease, "parties", canonical, { "lease.tenants.0.name": "Sam Lee", "lease.tenants.0.email": "sam@example.com", "lease.tenants.1.name": "" });
    expect((parties.canonical as any).lease.tenants).toEqual([{ name: "Sam Lee", email: "sam@example.com" }]);
    expect((parties.canonical as any).lease.term.kind).toBe("fixed"); // other steps untouched
  });

  test("errors land on the input they are about: unreadable text, schema and pack rules", () => {
    let r = applyStep(lease, "term", blankCanonical(lease), { "lease.monthlyRent": "lots", "lease.term.commencement": "2026-02-30", "lease.term.kind": "fixed" });
    expect(r.errors["lease.monthlyRent"]).toContain("amount");
    expect(r.errors["lease.term.commencement"]).toContain("not a calendar date");
    expect(r.errors["lease.term.endDate"]).toContain("fixed term needs its end date");
    r = applyStep(lease, "parties", blankCanonical(lease), { "lease.tenants.0.email": "sam@example.com" });
    expect(r.errors["lease.tenants.0.name"]).toBeDefined();
    const completion = applyStep(aps, "dates", blankCanonical(aps), { "aps.completionDate": "2026-08-29" });
    expect(completion.errors["aps.completionDate"]).toContain("business day");
  });
});
