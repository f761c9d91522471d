// Accounts for tests of org-scoped areas: an owner of a fresh organization with a bearer token,
// made through the same service the first-run page uses, then signed in over HTTP.
import { createOwner } from "../../src/modules/setup/service";
import type { TestApp } from "./app";

export interface TestAccount {
  userId: string;
  orgId: string;
  email: string;
  token: string;
  /** fetch with this account's bearer token and a JSON body. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  /** Signs in again: access tokens live 15 minutes, and tests move the clock by days. */
  signIn(): Promise<void>;
}

let seq = 0;

export async function ownerOf(app: TestApp, company = "Harbour Realty"): Promise<TestAccount> {
  const email = `owner${++seq}-${Date.now()}@example.ca`;
  const password = "correct horse battery";
  const user = await createOwner(app.ctx, { email, name: "Olive Owner", password, companyName: company, platformAdmin: false });
  return signedIn(app, { userId: user.id, orgId: user.organizationId!, email, password });
}

/** An account of the app signed in over HTTP, with a bearer token it can renew. */
export async function signedIn(app: TestApp, who: { userId: string; orgId: string; email: string; password: string }): Promise<TestAccount> {
  const login = async () => {
    const res = await app.fetch("/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: who.email, password: who.password }) });
    return (await res.json()).data.auth.tokens.accessToken as string;
  };
  let token = await login();
  return {
    userId: who.userId,
    orgId: who.orgId,
    email: who.email,
    get token() {
      return token;
    },
    async signIn() {
      token = await login();
    },
    api: (method, path, body) =>
      app.fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
  };
}
