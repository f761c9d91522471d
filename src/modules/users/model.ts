import { t } from "elysia";
import { PlatformEnvelope } from "../../http/shapes";
import { Email, Name, Pagination, RoleSchema, UserStatus } from "../identity/model";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const Member = t.Object({
  id: t.String(), name: t.String(), email: t.String(), role: RoleSchema, status: UserStatus,
  lastLoginAt: Nullable(t.String()), createdAt: t.String(),
});

export const MemberList = PlatformEnvelope(t.Object({ users: t.Array(Member), pagination: Pagination }));

export const InviteBody = t.Object({ email: Email, name: Name, role: t.Optional(RoleSchema) });
export const Invited = PlatformEnvelope(t.Object({
  id: t.String(), email: t.String(), name: t.String(), customerId: t.String(), role: RoleSchema, status: UserStatus,
  provider: t.String(), emailVerified: t.Boolean(), createdAt: t.String(), updatedAt: t.String(),
}));

export const MemberPatch = t.Object({
  role: t.Optional(RoleSchema),
  status: t.Optional(t.Union([t.Literal("active"), t.Literal("disabled")], { description: "Winnerr addition: disable or re-enable a member" })),
});
export const MemberPatched = PlatformEnvelope(t.Object({ id: t.String(), role: RoleSchema, email: t.String(), status: UserStatus, updatedAt: t.String() }));
export const Removed = PlatformEnvelope(t.Object({ message: t.String() }));
export const IdParams = t.Object({ id: t.String({ maxLength: 64 }) });
