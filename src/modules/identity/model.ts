import { t } from "elysia";
import { pageQueryFields, PlatformEnvelope } from "../../http/shapes";
export { Pagination } from "../../http/shapes";
import { PASSWORD_MIN } from "./password";

export const Email = t.String({ format: "email", maxLength: 254, error: "Invalid email format", examples: ["user@example.com"] });
export const Password = t.String({ minLength: PASSWORD_MIN, maxLength: 256, error: `Password must be ${PASSWORD_MIN} to 256 characters` });
export const Name = t.String({ minLength: 1, maxLength: 120, error: "Name is required (at most 120 characters)" });

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const Tokens = t.Object({ accessToken: t.String(), refreshToken: t.String() });
export const RoleSchema = t.Union([t.Literal("member"), t.Literal("admin"), t.Literal("owner")], { error: "Role must be member, admin or owner" });
export const UserStatus = t.Union([t.Literal("active"), t.Literal("invited"), t.Literal("disabled")], { error: "Status must be active, invited or disabled" });

export const FullUser = t.Object({
  id: t.String({ format: "uuid" }),
  email: t.String(),
  name: t.String(),
  customerId: Nullable(t.String()),
  role: RoleSchema,
  status: UserStatus,
  provider: t.String(),
  providerId: Nullable(t.String()),
  emailVerified: t.Boolean(),
  lastLoginAt: Nullable(t.String()),
  needsOnboarding: t.Boolean(),
  platformAdmin: t.Boolean({ description: "Winnerr addition: platform administrator" }),
  createdAt: t.String(),
  updatedAt: t.String(),
  deletedAt: Nullable(t.String()),
});

export const RequestVerificationBody = t.Object({ email: Email });
export const RequestVerificationResponse = PlatformEnvelope(t.Object({ verification: t.Object({ email: t.String(), expiresIn: t.String() }) }));

export const CompleteBody = t.Object({ token: t.String({ minLength: 1, error: "Verification token is required" }), name: Name, password: Password });
export const CompleteResponse = PlatformEnvelope(t.Object({ user: t.Composite([FullUser, t.Object({ tokens: Tokens })]) }));

export const LoginBody = t.Object({ email: Email, password: t.String({ minLength: 1, maxLength: 256, error: "Password is required" }) });
export const LoginUser = t.Pick(FullUser, ["id", "email", "name", "customerId", "role", "status", "provider", "emailVerified", "needsOnboarding", "platformAdmin", "createdAt", "updatedAt"]);
export const LoginResponse = PlatformEnvelope(t.Object({ auth: t.Object({ user: LoginUser, tokens: Tokens }) }));

export const RefreshBody = t.Object({ refreshToken: t.String({ minLength: 1, error: "Refresh token is required" }) });
export const RefreshResponse = PlatformEnvelope(t.Object({ tokens: Tokens }));

export const ProfileResponse = PlatformEnvelope(FullUser);

export const PageQuery = t.Object(pageQueryFields(10));
