// The typed form packs by formKey, and canonical validation with path-precise issues
// ({ message, path[] }, the shape the draft route's 422 uses).
import { Value } from "@sinclair/typebox/value";
import type { FormPack, Issue } from "./types";
import { apsPack } from "./packs/aps";
import { buyerRepPack } from "./packs/buyer-rep";
import { condoLeasePack } from "./packs/condo-lease";
import { residentialLeasePack } from "./packs/residential-lease";

const PACKS: FormPack<any>[] = [apsPack, residentialLeasePack, condoLeasePack, buyerRepPack];

export const packs = new Map(PACKS.map((p) => [p.formKey, p]));

export function packFor(formKey: unknown): FormPack<any> | undefined {
  return typeof formKey === "string" ? packs.get(formKey) : undefined;
}

export type Validation = { ok: true; pack: FormPack<any>; canonical: any } | { ok: false; issues: Issue[] };

/** Structure (the pack's schema) first, then the pack's own rules. */
export function validateCanonical(input: unknown): Validation {
  const pack = packFor((input as { formKey?: unknown } | null)?.formKey);
  if (!pack) return { ok: false, issues: [{ message: `formKey must be one of: ${[...packs.keys()].join(", ")}`, path: ["formKey"] }] };
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(pack.schema, input)) {
    const path = e.path.split("/").filter(Boolean);
    const key = path.join(".");
    if (seen.has(key)) continue; // the first error at a path is the most specific
    seen.add(key);
    issues.push({ message: e.message, path });
  }
  if (issues.length) return { ok: false, issues };
  const ruleIssues = pack.check(input);
  return ruleIssues.length ? { ok: false, issues: ruleIssues } : { ok: true, pack, canonical: input };
}
