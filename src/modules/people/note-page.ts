// The note form on person and deal pages: add the note, then answer htmx with a fresh form and
// the updated timeline (or redirect a plain form post back to the page).
import type { AppContext } from "../../context";
import { formFailure, formValue, type FormBody } from "../../http/forms";
import { fragmentResponse } from "../../http/html";
import { redirect } from "../../http/pages";
import type { Principal } from "../../http/principal";
import { activityPanel } from "../../../views/crm/pages";
import { addNote, dealTimeline } from "../deals/service";
import { personTimeline } from "./service";

export function postNote(ctx: AppContext, request: Request, principal: Principal, target: { dealId: string } | { personId: string }, body: FormBody): Response {
  const base = "dealId" in target ? `/deals/${target.dealId}` : `/people/${target.personId}`;
  try {
    addNote(ctx, principal, target, formValue(body, "body"));
  } catch (e) {
    formFailure(e); // a blank note is simply not added
  }
  if (request.headers.get("hx-request") !== "true") return redirect(request, base);
  const orgId = principal.orgId!;
  const items = "dealId" in target ? dealTimeline(ctx, orgId, target.dealId) : personTimeline(ctx, orgId, target.personId);
  return fragmentResponse(activityPanel(`${base}/notes`, principal.csrfToken!, items));
}
