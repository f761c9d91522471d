// What every form pack provides: the registry, the wizard, signatures, the obligations tracker
// and the PDF renderer all read packs through this shape only.
import type { TSchema } from "elysia";
import type { CalendarDate } from "../../db/schema";

export type DeadlineType = "closing" | "condition_waiver" | "deposit_due" | "expiry" | "renewal";

/** A deadline as data: a fixed date from the canonical, or a time counted from an event. */
export interface DeadlineRule {
  /** Stable within the document (re-syncs match on it), e.g. "closing", "condition:financing". */
  key: string;
  type: DeadlineType;
  description: string;
  amountCents?: number | null;
  /** A calendar date (and optional HH:MM, Toronto time) known from the canonical. */
  on?: { date: CalendarDate; time?: string };
  /** Or: hours after an event (acceptance is when the signature envelope completes). */
  after?: { event: "envelope_completed"; hours: number };
}

export interface SigningParty {
  role: string;
  name: string;
  email: string | null;
}

export interface WizardStep {
  key: string;
  title: string;
  /** Dotted paths, inside the pack's body, the step edits. */
  fields: string[];
}

export interface Issue {
  message: string;
  path: string[];
}

export interface FormPack<C = unknown> {
  formKey: string;
  title: string;
  /** The key of the pack's body in the canonical ("lease", "aps", "buyerRep"). */
  bodyKey: string;
  schema: TSchema;
  steps: WizardStep[];
  /** Rules beyond the schema's types (deposit limits, business days); also run on drafts. */
  check(c: C): Issue[];
  /** What a document needs before it can be generated. */
  complete(c: C): Issue[];
  parties(c: C): SigningParty[];
  deadlines(c: C): DeadlineRule[];
}
