// /api/v1/auth: the platform document's Auth section.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { PlatformError, envelope } from "../../http/shapes";
import { metaOf } from "../../http/request-meta";
import { userJson } from "./users-repo";
import {
  CompleteBody, CompleteResponse, LoginBody, LoginResponse, ProfileResponse, RefreshBody, RefreshResponse,
  RequestVerificationBody, RequestVerificationResponse,
} from "./model";
import { completeRegistration, login, refresh, requestVerification } from "./service";
import { liveUserById } from "./users-repo";
import { notFound } from "../../http/errors";
import { principalPlugin } from "../../http/principal";

const tags = ["Auth"];
const errors = { 400: PlatformError, 401: PlatformError, 409: PlatformError, 429: PlatformError };

export const authRoutes = (ctx: AppContext) =>
  router("auth", "/api/v1/auth")
    .use(principalPlugin(ctx.principals))
    .post("/register/request-verification", async ({ body, request }) =>
      envelope(request, 200, "Verification email sent. Please check your inbox.", { verification: await requestVerification(ctx, body.email) }), {
      body: RequestVerificationBody,
      response: { 200: RequestVerificationResponse, 400: PlatformError },
      detail: { tags, summary: "Send an email verification link (24 h)", description: "An address that already has an account gets a sign-in reminder instead; the response is the same." },
    })
    .post("/register/complete", async ({ body, request, set }) => {
      const { user, tokens } = await completeRegistration(ctx, body);
      set.status = 201;
      return envelope(request, 201, "Registration completed successfully", { user: { ...userJson(user), tokens } });
    }, {
      body: CompleteBody,
      response: { 201: CompleteResponse, 400: PlatformError, 409: PlatformError },
      detail: { tags, summary: "Create the account from a verification token" },
    })
    .post("/login", async ({ body, request }) => {
      const { user, tokens } = await login(ctx, body.email, body.password, metaOf(request).ip);
      const { providerId: _p, lastLoginAt: _l, deletedAt: _d, ...u } = userJson(user);
      return envelope(request, 200, "Login successful", { auth: { user: u, tokens } });
    }, {
      body: LoginBody,
      response: { 200: LoginResponse, ...errors },
      detail: { tags, summary: "Sign in: a 15-minute access JWT and a 7-day refresh token", description: "Failures are throttled per account and per address (429)." },
    })
    .post("/refresh", async ({ body, request }) =>
      envelope(request, 200, "Token refreshed successfully", { tokens: await refresh(ctx, body.refreshToken) }), {
      body: RefreshBody,
      response: { 200: RefreshResponse, 400: PlatformError, 401: PlatformError },
      detail: { tags, summary: "Rotate the refresh token", description: "Presenting an already-rotated token revokes its whole family (401)." },
    })
    .get("/profile", ({ request, principal }) => {
      const user = liveUserById(ctx.db.read, principal.userId!);
      if (!user) throw notFound("User not found");
      return envelope(request, 200, "Profile retrieved successfully", userJson(user));
    }, {
      auth: { via: ["access_token", "session"] },
      response: { 200: ProfileResponse, 401: PlatformError },
      detail: { tags, summary: "The signed-in user", security: [{ bearerAuth: [] }] },
    });
