// Reading urlencoded form bodies and turning service errors into form state, so a page can
// show "Invalid email format" beside the field instead of an error page.
import { HttpError } from "./errors";

export type FormBody = Record<string, unknown> | undefined | null;

export function formValue(body: FormBody, key: string): string {
  const v = body?.[key];
  return typeof v === "string" ? v : "";
}

export function formValues<K extends string>(body: FormBody, keys: K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, formValue(body, k)])) as Record<K, string>;
}

export interface FormFailure {
  status: number;
  message?: string;
  errors: Record<string, string>;
}

/** The form state for a domain error; anything else is rethrown to the error plugin. */
export function formFailure(e: unknown): FormFailure {
  if (!(e instanceof HttpError) || e.status >= 500) throw e;
  const errors: Record<string, string> = {};
  for (const f of e.fields ?? []) errors[f.field] ??= f.message;
  return { status: e.status, message: e.fields?.length ? undefined : e.message, errors };
}
