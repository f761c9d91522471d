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
}

let seq = 0;

export async function ownerOf(app: TestApp, company = "Harbour Realty"): Promise<TestAccount> {
  const email = `owner${++seq}-${Date.now()}@example.ca`;
  const password = "correct horse battery";
  const user = await createOwner(app.ctx, { email, name: "Olive Owner", password, companyName: company, platformAdmin: false });
  const res = await app.fetch("/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });
  const token = (await res.json()).data.auth.tokens.accessToken as string;
  return {
    userId: user.id,
    orgId: user.organizationId!,
    email,
    token,
    api: (method, path, body) =>
      app.fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
  };
}
