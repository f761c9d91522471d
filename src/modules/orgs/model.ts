import { t } from "elysia";
import { PlatformEnvelope } from "../../http/shapes";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const Customer = t.Object({
  id: t.String({ format: "uuid" }),
  companyName: t.String(),
  phone: Nullable(t.String()),
  description: Nullable(t.String()),
  status: t.String(),
  avatar: Nullable(t.String()),
  settings: t.Record(t.String(), t.Unknown()),
  allowedIps: Nullable(t.Array(t.String())),
  createdBy: Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
  deletedAt: Nullable(t.String()),
});

const CompanyName = t.String({ minLength: 1, maxLength: 200, error: "Company name is required (at most 200 characters)" });
const Phone = t.String({ pattern: "^\\+[1-9]\\d{6,14}$", error: "Phone must be in E.164 format, e.g. +14165550100" });

export const OnboardBody = t.Object({ companyName: CompanyName, phone: t.Optional(Phone), description: t.Optional(t.String({ maxLength: 2000 })) });
export const OnboardResponse = PlatformEnvelope(t.Object({
  customer: Customer,
  user: t.Object({ id: t.String(), customerId: t.String(), role: t.Literal("owner") }),
}));

export const CustomerPatch = t.Object({
  companyName: t.Optional(CompanyName),
  phone: t.Optional(Nullable(Phone)),
  description: t.Optional(Nullable(t.String({ maxLength: 2000 }))),
  avatar: t.Optional(Nullable(t.String({ format: "uri", maxLength: 2000, error: "Avatar must be a URL" }))),
  settings: t.Optional(t.Record(t.String(), t.Unknown())),
  allowedIps: t.Optional(Nullable(t.Array(t.String({ maxLength: 64 }), { maxItems: 100 }))),
}, { additionalProperties: false });

export const CustomerResponse = PlatformEnvelope(Customer);
