// Form pieces shared by the pages: labelled inputs that show their error beside them.
import { html, type SafeHtml } from "../src/http/html";

export type FieldErrors = Record<string, string | undefined>;

export interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  value?: string | null;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  placeholder?: string;
}

export function field(o: FieldOptions): SafeHtml {
  const error = o.errors?.[o.name];
  const id = `f-${o.name}`;
  return html`<label for="${id}">${o.label}
  <input id="${id}" name="${o.name}" type="${o.type ?? "text"}" value="${o.value ?? ""}"${o.required ? html` required` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.placeholder ? html` placeholder="${o.placeholder}"` : ""}${error ? html` aria-invalid="true" aria-describedby="${id}-err"` : ""}>
  ${error ? html`<small id="${id}-err" class="field-error">${error}</small>` : o.hint ? html`<small>${o.hint}</small>` : ""}
</label>`;
}

export function csrfInput(token: string | undefined): SafeHtml {
  return token ? html`<input type="hidden" name="_csrf" value="${token}">` : html``;
}

export function formError(message: string | undefined): SafeHtml {
  return message ? html`<p class="flash flash-error" role="alert">${message}</p>` : html``;
}
