// The sign-in pages a broker uses: /login, /logout, /register, /verify, /account.
import { router } from "../../http/router";
import type { AppContext } from "../../context";
import { formFailure, formValue, formValues, type FormBody } from "../../http/forms";
import { optionalPrincipal, redirect, renderPage, safeNext, pageRoute } from "../../http/pages";
import { principalPlugin, type Principal } from "../../http/principal";
import { metaOf } from "../../http/request-meta";
import { accountPage, checkEmailPage, linkProblemPage, loginPage, registerPage, verifyPage, type FormState } from "../../../views/auth/pages";
import { authenticate, changePassword, completeRegistration, emailFromVerificationToken, requestVerification, updateName } from "./service";
import { clearSessionCookie, createSession, deleteSession, findSession, readCookie, SESSION_COOKIE, sessionCookie } from "./sessions";
import { liveUserById, type UserRow } from "./users-repo";


/** Starts a browser session for user and sends them on (onboarding first if they need it). */
export function signIn(ctx: AppContext, request: Request, user: UserRow, next = "/"): Response {
  const raw = createSession(ctx.db, ctx.clock, user.id, metaOf(request).ip, request.headers.get("user-agent"));
  const secure = ctx.config.publicUrl.startsWith("https:");
  const to = user.organizationId ? safeNext(next) : "/onboarding";
  return redirect(request, to, { cookies: [sessionCookie(raw, secure)] });
}

function currentSessionId(ctx: AppContext, request: Request): string | undefined {
  const raw = readCookie(request, SESSION_COOKIE);
  return raw ? findSession(ctx.db, ctx.clock, raw)?.id : undefined;
}

function account(ctx: AppContext, request: Request, principal: Principal, state: { profile?: FormState; password?: FormState }, status = 200) {
  const user = liveUserById(ctx.db.read, principal.userId!)!;
  return renderPage(ctx, request, principal, {
    title: "Account", status,
    body: accountPage({ name: user.name, email: user.email, csrf: principal.csrfToken!, ...state }),
  });
}

export const identityPages = (ctx: AppContext) =>
  router("identity-pages")
    .use(principalPlugin(ctx.principals))
    .get("/login", async ({ request, query }) => {
      const p = await optionalPrincipal(ctx, request);
      if (p?.kind === "session") return redirect(request, safeNext(query.next));
      return renderPage(ctx, request, undefined, { title: "Sign in", body: loginPage({ next: safeNext(query.next) }) });
    }, pageRoute())
    .post("/login", async ({ request, body }) => {
      const values = formValues(body as FormBody, ["email", "password", "next"]);
      try {
        const user = await authenticate(ctx, values.email, values.password, metaOf(request).ip);
        return signIn(ctx, request, user, values.next);
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, undefined, {
          title: "Sign in", status: f.status,
          headers: f.status === 429 ? { "Retry-After": (e as { headers?: Record<string, string> }).headers?.["Retry-After"] ?? "60" } : {},
          body: loginPage({ values: { email: values.email }, message: f.message ?? "Check the highlighted fields", errors: f.errors, next: safeNext(values.next) }),
        });
      }
    }, pageRoute())
    .post("/logout", ({ request }) => {
      const raw = readCookie(request, SESSION_COOKIE);
      if (raw) deleteSession(ctx.db, raw);
      return redirect(request, "/login", { flash: { kind: "info", text: "You are signed out." }, cookies: [clearSessionCookie(ctx.config.publicUrl.startsWith("https:"))] });
    }, pageRoute({ via: ["session"] }))
    .get("/register", ({ request }) => renderPage(ctx, request, undefined, { title: "Create account", body: registerPage({}) }), pageRoute())
    .post("/register", async ({ request, body }) => {
      const email = formValue(body as FormBody, "email");
      try {
        const r = await requestVerification(ctx, email);
        return renderPage(ctx, request, undefined, { title: "Check your email", body: checkEmailPage(r.email) });
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, undefined, { title: "Create account", status: f.status, body: registerPage({ values: { email }, errors: f.errors, message: f.message }) });
      }
    }, pageRoute())
    .get("/verify", async ({ request, query }) => {
      const token = typeof query.token === "string" ? query.token : "";
      try {
        const email = await emailFromVerificationToken(ctx, token);
        return renderPage(ctx, request, undefined, { title: "Finish registration", body: verifyPage({ token, email }) });
      } catch (e) {
        const f = formFailure(e);
        return renderPage(ctx, request, undefined, {
          title: "Link problem", status: 400,
          body: linkProblemPage("This link does not work", f.errors.token ?? f.message ?? "Invalid link", { href: "/register", label: "Send a new link" }),
        });
      }
    }, pageRoute())
    .post("/verify", async ({ request, body }) => {
      const values = formValues(body as FormBody, ["token", "name", "password"]);
      try {
        const { user } = await completeRegistration(ctx, values);
        return signIn(ctx, request, user);
      } catch (e) {
        const f = formFailure(e);
        if (f.errors.token || f.status === 409) {
          return renderPage(ctx, request, undefined, {
            title: "Link problem", status: f.status,
            body: linkProblemPage("This link does not work", f.errors.token ?? f.message ?? "", { href: f.status === 409 ? "/login" : "/register", label: f.status === 409 ? "Sign in" : "Send a new link" }),
          });
        }
        const email = await emailFromVerificationToken(ctx, values.token);
        return renderPage(ctx, request, undefined, { title: "Finish registration", status: f.status, body: verifyPage({ token: values.token, email, values, errors: f.errors, message: f.message }) });
      }
    }, pageRoute())
    .get("/account", ({ request, principal }) => account(ctx, request, principal, {}), pageRoute({ via: ["session"] }))
    .post("/account/profile", ({ request, principal, body }) => {
      const name = formValue(body as FormBody, "name");
      try {
        updateName(ctx, principal.userId!, name);
        return redirect(request, "/account", { flash: { kind: "success", text: "Your name was saved." } });
      } catch (e) {
        const f = formFailure(e);
        return account(ctx, request, principal, { profile: { values: { name }, errors: f.errors, message: f.message } }, f.status);
      }
    }, pageRoute({ via: ["session"] }))
    .post("/account/password", async ({ request, principal, body }) => {
      const v = formValues(body as FormBody, ["current", "password"]);
      try {
        await changePassword(ctx, principal.userId!, v.current, v.password, currentSessionId(ctx, request));
        return redirect(request, "/account", { flash: { kind: "success", text: "Password changed. Other devices were signed out." } });
      } catch (e) {
        const f = formFailure(e);
        return account(ctx, request, principal, { password: { errors: f.errors, message: f.message } }, f.status);
      }
    }, pageRoute({ via: ["session"] }));
