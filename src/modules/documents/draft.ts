// POST /api/documents/draft: a natural-language prompt becomes a pre-filled canonical for the
// wizard, never a generated document. With a chat model configured, the model is shown every
// pack's schema and must answer JSON, which is validated like any canonical; without one, the
// built-in rule-based drafter fills what its patterns recognise and lists those paths in
// provenance.inferred.
import type { AppContext } from "../../context";
import { DEFAULT_TIME_ZONE, zonedParts } from "../../lib/timezone";
import { chatComplete, chatConfigured, GatewayError } from "../ai/gateway";
import { packs, validateCanonical } from "../forms/registry";
import type { Issue } from "../forms/types";
import { ruleDraft } from "./rule-drafter";

export type DraftResult =
  | { ok: true; formKey: string; canonical: Record<string, unknown> }
  | { ok: false; reason: "no_json" | "invalid_draft" | "error"; issues?: Issue[] };

function systemPrompt(today: string): string {
  const schemas = [...packs.values()].map((p) => `### ${p.formKey} (${p.title}); the body goes under "${p.bodyKey}"\n${JSON.stringify(p.schema)}`).join("\n\n");
  return [
    "You draft Ontario real-estate documents for a brokerage's wizard. A person will review every field.",
    `Today is ${today}. Choose the one form that fits the request and answer with JSON only:`,
    '{ "formKey": "<one of the keys below>", "canonical": <an object valid against that form\'s JSON Schema> }',
    "Rules: schemaVersion is 1; the canonical's formKey equals formKey; calendar dates are {\"year\",\"month\",\"day\"} integers;",
    "money is integer cents ({\"cents\": 320000} for $3,200); fill only what the request states or clearly implies;",
    "leave arrays of people empty when no names are given; never invent names, emails or amounts; province is \"ON\".",
    "",
    schemas,
  ].join("\n");
}

/** The first JSON object in the model's text: bare, or inside a ``` fence with prose around it. */
export function extractJson(text: string): unknown {
  const fenced = text.match(/```(?:json)?\s*([\s\S]*?)```/i);
  const candidates = [text.trim(), fenced?.[1]?.trim(), text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const v = JSON.parse(c);
      if (v && typeof v === "object" && !Array.isArray(v)) return v;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

export async function draftDocument(ctx: AppContext, prompt: string, timeZone = DEFAULT_TIME_ZONE): Promise<DraftResult> {
  const now = zonedParts(ctx.clock.now(), timeZone);
  const today = { year: now.year, month: now.month, day: now.day };
  if (!chatConfigured(ctx.config.ai)) {
    const d = ruleDraft(prompt, today);
    return { ok: true, formKey: d.formKey, canonical: d.canonical };
  }

  let text: string;
  try {
    const iso = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}`;
    text = await chatComplete(ctx.config.ai, [{ role: "system", content: systemPrompt(iso) }, { role: "user", content: prompt }], { json: true });
  } catch (e) {
    ctx.logger.warn("ai draft failed", { reason: e instanceof GatewayError ? e.message : "unexpected error" });
    if (!(e instanceof GatewayError)) ctx.logger.error("ai draft error", { error: String(e) });
    return { ok: false, reason: "error" };
  }

  const json = extractJson(text) as Record<string, unknown> | undefined;
  if (!json) return { ok: false, reason: "no_json" };
  // Models answer either { formKey, canonical } as asked or the canonical alone.
  const canonical = (json.canonical && typeof json.canonical === "object" ? json.canonical : json) as Record<string, unknown>;
  if (typeof json.formKey === "string" && canonical.formKey === undefined) canonical.formKey = json.formKey;
  const provenance = (canonical.provenance && typeof canonical.provenance === "object" ? canonical.provenance : {}) as Record<string, unknown>;
  canonical.provenance = { ...provenance, aiDrafted: true, drafter: "ai" };
  const v = validateCanonical(canonical);
  if (!v.ok) return { ok: false, reason: "invalid_draft", issues: v.issues };
  return { ok: true, formKey: v.pack.formKey, canonical };
}
