// Sign-in, registration, verification, account and first-run setup pages.
import { html, type SafeHtml } from "../../src/http/html";
import { csrfInput, field, formError, type FieldErrors } from "../forms";

export interface FormState {
  values?: Record<string, string | undefined>;
  errors?: FieldErrors;
  message?: string;
}

export function loginPage(s: FormState & { next?: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Sign in</h1>
  ${formError(s.message)}
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${s.next ?? "/"}">
    ${field({ label: "Email", name: "email", type: "email", value: s.values?.email, errors: s.errors, required: true, autocomplete: "username" })}
    ${field({ label: "Password", name: "password", type: "password", errors: s.errors, required: true, autocomplete: "current-password" })}
    <button type="submit">Sign in</button>
  </form>
  <p>New to Winnerr? <a href="/register">Create an account</a>.</p>
</article>`;
}

export function registerPage(s: FormState): SafeHtml {
  return html`<article class="narrow">
  <h1>Create your account</h1>
  <p>We will email you a link to confirm your address.</p>
  ${formError(s.message)}
  <form method="post" action="/register">
    ${field({ label: "Work email", name: "email", type: "email", value: s.values?.email, errors: s.errors, required: true, autocomplete: "email" })}
    <button type="submit">Email me a link</button>
  </form>
  <p>Already registered? <a href="/login">Sign in</a>.</p>
</article>`;
}

export function checkEmailPage(email: string): SafeHtml {
  return html`<article class="narrow" id="check-email">
  <h1>Check your email</h1>
  <p>We sent a link to <strong>${email}</strong>. It works for 24 hours.</p>
  <p>No mail? Check spam, or <a href="/register">try again</a>.</p>
</article>`;
}

export function verifyPage(s: FormState & { token: string; email: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Finish creating your account</h1>
  <p>Email confirmed: <strong>${s.email}</strong></p>
  ${formError(s.message)}
  <form method="post" action="/verify">
    <input type="hidden" name="token" value="${s.token}">
    ${field({ label: "Your name", name: "name", value: s.values?.name, errors: s.errors, required: true, autocomplete: "name" })}
    ${field({ label: "Choose a password", name: "password", type: "password", errors: s.errors, required: true, autocomplete: "new-password", hint: "At least 10 characters." })}
    <button type="submit">Create account</button>
  </form>
</article>`;
}

export function linkProblemPage(title: string, message: string, action: { href: string; label: string }): SafeHtml {
  return html`<article class="narrow"><h1>${title}</h1><p>${message}</p><p><a href="${action.href}">${action.label}</a></p></article>`;
}

export function accountPage(s: { name: string; email: string; csrf: string; profile?: FormState; password?: FormState }): SafeHtml {
  return html`<section>
  <h1>Your account</h1>
  <article>
    <h2>Profile</h2>
    ${formError(s.profile?.message)}
    <form method="post" action="/account/profile">
      ${csrfInput(s.csrf)}
      ${field({ label: "Name", name: "name", value: s.profile?.values?.name ?? s.name, errors: s.profile?.errors, required: true })}
      <label>Email<input value="${s.email}" disabled></label>
      <button type="submit">Save</button>
    </form>
  </article>
  <article>
    <h2>Password</h2>
    ${formError(s.password?.message)}
    <form method="post" action="/account/password">
      ${csrfInput(s.csrf)}
      ${field({ label: "Current password", name: "current", type: "password", errors: s.password?.errors, required: true, autocomplete: "current-password" })}
      ${field({ label: "New password", name: "password", type: "password", errors: s.password?.errors, required: true, autocomplete: "new-password", hint: "At least 10 characters. Other devices will be signed out." })}
      <button type="submit">Change password</button>
    </form>
  </article>
</section>`;
}

export function setupPage(s: FormState & { token: string }): SafeHtml {
  return html`<article class="narrow">
  <h1>Set up Winnerr</h1>
  <p>Create the first account. It owns your brokerage's organization and administers this appliance.</p>
  ${formError(s.message)}
  <form method="post" action="/setup/${s.token}">
    ${field({ label: "Brokerage name", name: "companyName", value: s.values?.companyName, errors: s.errors, required: true })}
    ${field({ label: "Your name", name: "name", value: s.values?.name, errors: s.errors, required: true, autocomplete: "name" })}
    ${field({ label: "Email", name: "email", type: "email", value: s.values?.email, errors: s.errors, required: true, autocomplete: "username" })}
    ${field({ label: "Password", name: "password", type: "password", errors: s.errors, required: true, autocomplete: "new-password", hint: "At least 10 characters." })}
    <button type="submit">Create owner account</button>
  </form>
</article>`;
}
