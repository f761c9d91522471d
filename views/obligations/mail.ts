// The daily obligations digest: overdue first, then due soon, each with its deal and a link.
import { html } from "../../src/http/html";
import { formatCents } from "../../src/lib/money";
import { TYPE_LABELS, URGENCY_LABELS, type ObligationView, type Urgency } from "../../src/modules/obligations/service";
import { frame, type Mail } from "../mail/templates";
import { localDue } from "./pages";

export interface DigestItem extends ObligationView {
  urgency: Urgency;
  link: string;
}

export function digestMail(s: { name: string; company: string; scope: string; timeZone: string; url: string; items: DigestItem[] }): Mail {
  const overdue = s.items.filter((i) => i.urgency === "overdue").length;
  const soon = s.items.length - overdue;
  const counts = [overdue ? `${overdue} overdue` : "", soon ? `${soon} due soon` : ""].filter(Boolean).join(", ");
  const subject = `Obligations: ${counts}`;
  const sorted = [...s.items].sort((a, b) => Number(b.urgency === "overdue") - Number(a.urgency === "overdue") || a.o.dueAt!.localeCompare(b.o.dueAt!));
  const line = (i: DigestItem) => {
    const amount = i.o.amountCents !== null ? ` ${formatCents(i.o.amountCents)}` : "";
    return { label: URGENCY_LABELS[i.urgency], due: localDue(i.o.dueAt!, s.timeZone), what: `${i.o.description ?? TYPE_LABELS[i.o.type]}${amount}`, where: i.dealTitle ?? i.documentTitle };
  };
  const intro = `Hello ${s.name}, here is what is overdue or due soon for ${s.scope} at ${s.company} (times are ${s.timeZone}).`;
  const text = `${intro}\n\n${sorted.map((i) => {
    const l = line(i);
    return `- [${l.label}] ${l.due} · ${l.what} · ${l.where}\n  ${i.link}`;
  }).join("\n")}\n\nMark them done or waived: ${s.url}\n\nYou get this digest once a day while something is due.\n`;
  const body = html`<p>${intro}</p><ul>${sorted.map((i) => {
    const l = line(i);
    return html`<li><strong>${l.label}</strong> ${l.due} · ${l.what} · <a href="${i.link}">${l.where}</a></li>`;
  })}</ul><p><a href="${s.url}">Mark them done or waived</a></p><p style="font-size:13px">You get this digest once a day while something is due.</p>`;
  return { subject, text, html: frame(subject, body) };
}
