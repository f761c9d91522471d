// The wizard, as data: which inputs a pack's step shows (read off the pack's TypeBox schema, so a
// new field appears without touching the pages) and how a submitted form goes back into the
// canonical. Form names are dotted canonical paths ("lease.tenants.0.email"), the same paths
// validation issues carry, so an issue lands on the input it is about. No HTTP here.
import type { TSchema } from "elysia";
import { parseDollars } from "../../lib/money";
import { label } from "../forms/pdf";
import { validateCanonical } from "../forms/registry";
import type { FormPack, Issue } from "../forms/types";

export type FieldKind = "text" | "number" | "money" | "date" | "time" | "select" | "checkbox" | "lines";

export interface Field {
  kind: FieldKind;
  /** Dotted path in the canonical: the input's name. */
  name: string;
  label: string;
  value: string;
  options?: string[];
  description?: string;
}

export interface Group {
  kind: "group";
  name: string;
  label: string;
  children: Node[];
}
export type Node = Field | Group;

type Schema = TSchema & Record<string, any>;

const isObject = (s: Schema) => s.type === "object" && !!s.properties;
const isDate = (s: Schema) => isObject(s) && ["year", "month", "day"].every((k) => k in s.properties) && Object.keys(s.properties).length === 3;
const isMoney = (s: Schema) => isObject(s) && Object.keys(s.properties).join() === "cents";
const literals = (s: Schema): string[] | null =>
  Array.isArray(s.anyOf) && s.anyOf.every((x: Schema) => typeof x.const === "string") ? s.anyOf.map((x: Schema) => x.const) : null;

/** The schema at a dotted path below a schema ("term.commencement"). */
function schemaAt(s: Schema, path: string[]): Schema | undefined {
  let cur: Schema | undefined = s;
  for (const k of path) {
    if (!cur) return undefined;
    cur = cur.type === "array" ? cur.items : cur.properties?.[k];
  }
  return cur;
}

function get(obj: unknown, path: string[]): unknown {
  let cur = obj as any;
  for (const k of path) cur = cur?.[k];
  return cur;
}

const pad = (n: number) => String(n).padStart(2, "0");
const dollars = (cents: number) => (cents / 100).toFixed(2);

function fieldValue(s: Schema, v: unknown, key: string): string {
  if (v === undefined || v === null) return "";
  if (isDate(s)) {
    const d = v as { year: number; month: number; day: number };
    return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
  }
  if (isMoney(s)) return dollars((v as { cents: number }).cents);
  if (s.type === "integer" && /Cents$/.test(key)) return dollars(v as number);
  if (s.type === "array") return (v as string[]).join("\n");
  return String(v);
}

function leafKind(s: Schema, key: string): FieldKind | null {
  if (isDate(s)) return "date";
  if (isMoney(s)) return "money";
  if (literals(s)) return "select";
  if (s.type === "boolean") return "checkbox";
  if (s.type === "integer") return /Cents$/.test(key) ? "money" : "number";
  if (s.type === "number") return "number";
  if (s.type === "string") return s.pattern?.includes("[0-5]\\d$") ? "time" : "text";
  if (s.type === "array" && s.items?.type === "string") return "lines";
  return null;
}

/** The inputs for a schema node at `path`, with values from the canonical. */
function nodesFor(s: Schema, path: string[], canonical: unknown): Node[] {
  const key = path[path.length - 1];
  const name = path.join(".");
  const kind = leafKind(s, key);
  if (kind) {
    return [{ kind, name, label: label(key), value: fieldValue(s, get(canonical, path), key), options: literals(s) ?? undefined, description: s.description }];
  }
  if (s.type === "array" && isObject(s.items)) {
    const items = (get(canonical, path) as unknown[] | undefined) ?? [];
    // Existing rows plus one blank row to add another; a blank row is dropped on save.
    const rows = Math.min(items.length + 1, s.maxItems ?? items.length + 1);
    const singular = label(key).replace(/s$/, "");
    return [{
      kind: "group", name, label: label(key),
      children: Array.from({ length: rows }, (_, i) => ({
        kind: "group" as const, name: `${name}.${i}`, label: i < items.length ? `${singular} ${i + 1}` : `Add a ${singular.toLowerCase()}`,
        children: Object.entries(s.items.properties).flatMap(([k, child]) => nodesFor(child as Schema, [...path, String(i), k], canonical)),
      })),
    }];
  }
  if (isObject(s)) {
    return [{ kind: "group", name, label: label(key), children: Object.entries(s.properties).flatMap(([k, child]) => nodesFor(child as Schema, [...path, k], canonical)) }];
  }
  return [];
}

export function stepNodes(pack: FormPack<any>, stepKey: string, canonical: Record<string, unknown>): Node[] {
  const step = pack.steps.find((s) => s.key === stepKey);
  if (!step) return [];
  const body = (pack.schema as Schema).properties[pack.bodyKey] as Schema;
  return step.fields.flatMap((f) => {
    const parts = f.split(".");
    const s = schemaAt(body, parts);
    return s ? nodesFor(s, [pack.bodyKey, ...parts], canonical) : [];
  });
}

export function leaves(nodes: Node[]): Field[] {
  return nodes.flatMap((n) => (n.kind === "group" ? leaves(n.children) : [n]));
}

function set(obj: Record<string, any>, path: string[], value: unknown): void {
  let cur = obj;
  path.slice(0, -1).forEach((k, i) => {
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== "object") cur[k] = nextIsIndex ? [] : {};
    cur = cur[k];
  });
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** Removes empty objects, blank array rows and holes left by cleared inputs. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return items;
  }
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** One input's text as the canonical's value; an error message when it cannot be read. */
function parseField(f: Field, raw: string | undefined): { value?: unknown; error?: string } {
  const text = (raw ?? "").trim();
  if (f.kind === "checkbox") return { value: raw === undefined ? undefined : raw === "true" || raw === "on" };
  if (!text) return {};
  switch (f.kind) {
    case "date": {
      const m = text.match(/^(\d{4})-(\d{2})-(\d{2})$/);
      return m ? { value: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } } : { error: "Enter a date as YYYY-MM-DD" };
    }
    case "money": {
      const cents = parseDollars(text);
      if (cents === null) return { error: "Enter an amount like 3200 or 3,200.50" };
      return { value: /Cents$/.test(f.name) ? cents : { cents } };
    }
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: "Enter a number" };
    }
    case "lines":
      return { value: text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) };
    default:
      return { value: text };
  }
}

export interface Applied {
  canonical: Record<string, unknown>;
  /** By input name: what is wrong with it, from parsing or from the pack's validation. */
  errors: Record<string, string>;
}

/**
 * Writes a step's submitted inputs into a copy of the canonical and validates the result; only
 * issues about this step's inputs are returned (others belong to other steps and the review).
 */
export function applyStep(pack: FormPack<any>, stepKey: string, canonical: Record<string, unknown>, form: Record<string, string | undefined>): Applied {
  const next = structuredClone(canonical);
  const nodes = stepNodes(pack, stepKey, canonical);
  const fields = leaves(nodes);
  const errors: Record<string, string> = {};
  // Clear what the step edits, then write what was submitted: a removed row or cleared input goes.
  for (const n of nodes) set(next, n.name.split("."), undefined);
  for (const f of fields) {
    const { value, error } = parseField(f, form[f.name]);
    if (error) errors[f.name] = error;
    else if (value !== undefined) set(next, f.name.split("."), value);
  }
  const body = prune(next[pack.bodyKey]);
  next[pack.bodyKey] = body ?? {};
  next.provenance = { ...(next.provenance as object | undefined), wizard: true };
  const v = validateCanonical(next);
  if (!v.ok) Object.assign(errors, issuesOnFields(v.issues, fields, errors));
  return { canonical: next, errors };
}

/** Each issue on the input it names, or the closest enclosing one (a rule about a whole object). */
export function issuesOnFields(issues: Issue[], fields: Field[], already: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = i.path.join(".");
    const exact = fields.find((f) => f.name === path);
    const inside = fields.find((f) => f.name.startsWith(`${path}.`));
    const around = fields.filter((f) => path.startsWith(`${f.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
    const target = exact ?? around ?? inside;
    if (target && !already[target.name] && !out[target.name]) out[target.name] = i.message;
  }
  return out;
}

/** An empty canonical for a pack: where "start from scratch" begins. */
export function blankCanonical(pack: FormPack<any>): Record<string, unknown> {
  return { schemaVersion: 1, formKey: pack.formKey, [pack.bodyKey]: {}, provenance: { wizard: true } };
}
