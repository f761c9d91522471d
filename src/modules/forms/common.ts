// Building blocks of the packs' canonical schemas. Calendar dates are {year, month, day}, money
// is integer cents, as ARCHITECTURE.md fixes them. Fields are mostly optional at this level so
// a draft (AI or wizard, half filled in) validates; packs' complete() decides what generation needs.
import { Type } from "@sinclair/typebox";
import { t } from "elysia";

/**
 * A strict integer. Elysia's t.Integer also accepts numeric strings ("2026"), which would then
 * be compared and added as strings in the packs' rules.
 */
export const StrictInt = (o: { minimum?: number; maximum?: number; description?: string } = {}) => Type.Integer(o);

export const CalendarDate = t.Object({
  year: StrictInt({ minimum: 1900, maximum: 2200 }),
  month: StrictInt({ minimum: 1, maximum: 12 }),
  day: StrictInt({ minimum: 1, maximum: 31 }),
});

export const TimeOfDay = t.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "24-hour HH:MM, Toronto time" });

export const Money = t.Object({ cents: StrictInt({ minimum: 0 }) });

export const Address = t.Object({
  street: t.Optional(t.String({ maxLength: 200 })),
  unit: t.Optional(t.String({ maxLength: 20 })),
  city: t.Optional(t.String({ maxLength: 100 })),
  province: t.Optional(t.String({ maxLength: 2 })),
  postalCode: t.Optional(t.String({ maxLength: 7 })),
});

export const PartyPerson = t.Object({
  name: t.String({ minLength: 1, maxLength: 200 }),
  email: t.Optional(t.String({ maxLength: 254 })),
  phone: t.Optional(t.String({ maxLength: 40 })),
});

export const Provenance = t.Object({
  aiDrafted: t.Optional(t.Boolean()),
  /** "ai" (the gateway) or "rules" (the built-in drafter) when drafted. */
  drafter: t.Optional(t.Union([t.Literal("ai"), t.Literal("rules")])),
  /** Paths the drafter inferred, so the wizard can point them out. */
  inferred: t.Optional(t.Array(t.String())),
  wizard: t.Optional(t.Boolean()),
});

/** One thing generation needs: its value (falsy when missing), where it lives, what it is. */
export type Requirement = [present: unknown, path: string[], what: string];

/** The packs' complete(): an issue for each requirement that is not met. */
export function missingRequirements(need: Requirement[]): { message: string; path: string[] }[] {
  return need.filter(([v]) => !v).map(([, path, what]) => ({ message: `${what} is required to generate`, path }));
}
